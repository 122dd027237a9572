import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './http.js';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * A webhook receiver on 127.0.0.1: records every POST (headers and the raw body) and answers
 * with the status `answer` chooses (default 200).
 */
export async function startWebhookReceiver(answer: (hook: ReceivedWebhook) => number = () => 200) {
  const received: ReceivedWebhook[] = [];
  let respond = answer;
  const server = createServer(async (req, res) => {
    const hook = { headers: req.headers, body: await readBody(req), at: Date.now() };
    received.push(hook);
    res.writeHead(respond(hook), { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    /** Event ids in the order they arrived (repeats included). */
    eventIds: () => received.map((r) => String(r.headers['yava-event-id'])),
    answerWith(fn: (hook: ReceivedWebhook) => number) {
      respond = fn;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
