// A fake OpenAI chat-completions server (node:http on 127.0.0.1, random port) speaking the real
// wire format, so tests drive the real `openai` client. Each test sets how it answers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeOpenAiBehaviour =
  | { kind: 'tool'; arguments: string }
  | { kind: 'refusal'; message: string }
  | { kind: 'text'; content: string }
  | { kind: 'slow'; delayMs: number; arguments: string }
  | { kind: 'status'; status: number };

export interface FakeOpenAi {
  /** Base URL of the server; the client wants `${url}/v1`. */
  url: string;
  /** Parsed JSON bodies of the requests received. */
  requests: Array<Record<string, unknown>>;
  setBehaviour(behaviour: FakeOpenAiBehaviour): void;
  close(): Promise<void>;
}

function completion(message: Record<string, unknown>, finishReason: string): Record<string, unknown> {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'fake-model',
    choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: null, ...message }, logprobs: null, finish_reason: finishReason }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

/** A call of the tool the request forced (tool_choice), so every LLM feature can use this fake. */
function toolCall(args: string, name = 'report_scheduling_request'): Record<string, unknown> {
  return completion(
    { tool_calls: [{ id: 'call_1', type: 'function', function: { name, arguments: args } }] },
    'tool_calls',
  );
}

/** Starts the fake; always `await fake.close()` (it also drops slow connections). */
export async function startFakeOpenAi(initial: FakeOpenAiBehaviour = { kind: 'status', status: 500 }): Promise<FakeOpenAi> {
  let behaviour = initial;
  const requests: Array<Record<string, unknown>> = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      const request = JSON.parse(body) as { tool_choice?: { function?: { name?: string } } } & Record<string, unknown>;
      requests.push(request);
      const tool = request.tool_choice?.function?.name;
      const send = (status: number, payload: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      };
      const b = behaviour;
      switch (b.kind) {
        case 'tool':
          return send(200, toolCall(b.arguments, tool));
        case 'refusal':
          return send(200, completion({ refusal: b.message }, 'stop'));
        case 'text':
          return send(200, completion({ content: b.content }, 'stop'));
        case 'status':
          return send(b.status, { error: { message: 'fake failure', type: 'server_error' } });
        case 'slow': {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (!res.destroyed) send(200, toolCall(b.arguments, tool));
          }, b.delayMs);
          timers.add(timer);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setBehaviour(next) {
      behaviour = next;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
