import { parseSseChunk, type SseEvent } from '../../cli/sse.js';

/** An open SSE connection in a test: the events so far, the raw text, and a wait for the n-th event. */
export async function openSse(url: string, token?: string, lastEventId?: string, extraHeaders: Record<string, string> = {}) {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream', ...extraHeaders };
  if (token) headers.authorization = `Bearer ${token}`;
  if (lastEventId) headers['last-event-id'] = lastEventId;
  const res = await fetch(url, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  let raw = '';
  const waiters = new Set<() => void>();
  if (res.ok && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          const text = decoder.decode(chunk, { stream: true });
          raw += text;
          const parsed = parseSseChunk(buffer + text);
          buffer = parsed.rest;
          events.push(...parsed.events);
          for (const w of waiters) w();
        }
      } catch {
        // closed by the test
      }
    })();
  }
  return {
    status: res.status,
    headers: res.headers,
    events,
    raw: () => raw,
    /** Resolves once `predicate` holds (checked on every chunk); rejects after `timeoutMs`. */
    until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`stream condition not met in ${timeoutMs} ms; got:\n${raw}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close: () => controller.abort(),
  };
}
