import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface ReceivedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
  messageId: string;
  raw: string;
}

export type SmtpMode = 'accept' | 'tempfail' | 'permfail';

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 and a random port. Every
 * accepted message is parsed with mailparser. `mode` makes it answer 451 or 554 to DATA;
 * `beforeAccept` can fail individual messages.
 */
export async function startFakeSmtp() {
  const received: ReceivedMail[] = [];
  let mode: SmtpMode = 'accept';
  let rejected = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (mode !== 'accept') {
          rejected += 1;
          const err = Object.assign(new Error(mode === 'tempfail' ? 'Try again later' : 'Message rejected'), { responseCode: mode === 'tempfail' ? 451 : 554 });
          return callback(err);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = await simpleParser(raw);
        received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed, messageId: parsed.messageId ?? '', raw });
        callback();
      });
    },
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    get rejected() {
      return rejected;
    },
    setMode(m: SmtpMode) {
      mode = m;
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export type FakeSmtp = Awaited<ReturnType<typeof startFakeSmtp>>;
