/**
 * The SmsProvider port and its adapter over the official `twilio` client. The API base can
 * be pointed elsewhere (TWILIO_API_URL, for a local fake): the client's own region/edge
 * options only reach *.twilio.com, so a RequestClient subclass rewrites the host.
 */
import twilio from 'twilio';

export interface SentSms {
  sid: string;
  status: string;
}

/** What core needs from an SMS provider. */
export interface SmsProvider {
  /** Sends one message; `statusCallback` gets the delivery reports. */
  send(input: { to: string; body: string; statusCallback: string | null }): Promise<SentSms>;
  /** A message already sent to `to` with exactly `body` since `since` (reconciling after a crash), or null. */
  findSent(input: { to: string; body: string; since: Date }): Promise<SentSms | null>;
  /** Whether `signature` (X-Twilio-Signature) signs `params` posted to `url`. */
  isValidSignature(signature: string, url: string, params: Record<string, string>): boolean;
}

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  from: string;
  /** e.g. http://127.0.0.1:4010 in tests; default Twilio's own hosts. */
  apiUrl?: string;
  timeoutMs?: number;
}

/** Sends every request for https://<anything>.twilio.com to `base` instead. */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly base: string,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs });
  }
  override request<TData>(opts: Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0] & { data?: TData }) {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/i, this.base.replace(/\/$/, '')) });
  }
}

/** The adapter: `messages.create`, `messages.list` and `validateRequest` of the twilio package. */
export function createTwilioSmsProvider(settings: TwilioSettings): SmsProvider {
  const timeoutMs = settings.timeoutMs ?? 10_000;
  const httpClient = settings.apiUrl ? new RebasedRequestClient(settings.apiUrl, timeoutMs) : new twilio.RequestClient({ timeout: timeoutMs });
  const client = twilio(settings.accountSid, settings.authToken, { httpClient, autoRetry: false });
  return {
    async send({ to, body, statusCallback }) {
      const m = await client.messages.create({ to, from: settings.from, body, ...(statusCallback ? { statusCallback } : {}) });
      return { sid: m.sid, status: m.status };
    },
    async findSent({ to, body, since }) {
      const list = await client.messages.list({ to, from: settings.from, dateSentAfter: since, limit: 50 });
      const match = list.find((m) => m.body === body);
      return match ? { sid: match.sid, status: match.status } : null;
    },
    isValidSignature(signature, url, params) {
      return twilio.validateRequest(settings.authToken, signature, url, params);
    },
  };
}
