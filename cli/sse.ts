/**
 * A Server-Sent Events reader for `yava notifications --follow`: fetch with the token, parse
 * the stream into events, and reconnect with `Last-Event-ID` when it drops, so nothing sent
 * in between is missed.
 */
import type { Api } from './client.js';
import { ApiError, UnreachableError } from './errors.js';

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

/** Splits SSE text into events; returns the events and the unfinished rest. */
export function parseSseChunk(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) events.push({ id, event, data: data.join('\n') });
  }
  return { events, rest };
}

export interface FollowOptions {
  /** Resume after this event id. */
  lastEventId?: string | null;
  signal?: AbortSignal;
  /** Wait before reconnecting (ms). */
  retryMs?: number;
}

/** Reads one connection until it ends; calls `onEvent` for each event. Returns the last id seen. */
async function readOnce(api: Api, path: string, lastEventId: string | null, onEvent: (e: SseEvent) => boolean | void, signal?: AbortSignal): Promise<{ lastEventId: string | null; stop: boolean }> {
  const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${api.token ?? ''}` };
  if (lastEventId) headers['last-event-id'] = lastEventId;
  let res: Response;
  try {
    res = await fetch(api.url(path), { headers, signal });
  } catch (error) {
    if (signal?.aborted) return { lastEventId, stop: true };
    throw new UnreachableError(api.server, error);
  }
  if (!res.ok || !res.body) {
    const problem = (await res.json().catch(() => ({ title: res.statusText }))) as { title?: string };
    throw new ApiError({ ...problem, status: res.status });
  }
  const decoder = new TextDecoder();
  let buffer = '';
  let last = lastEventId;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const parsed = parseSseChunk(buffer + decoder.decode(chunk, { stream: true }));
      buffer = parsed.rest;
      for (const e of parsed.events) {
        if (e.id) last = e.id;
        if (onEvent(e) === false) return { lastEventId: last, stop: true };
      }
    }
  } catch {
    // The connection dropped: reconnect from the last id.
  }
  return { lastEventId: last, stop: Boolean(signal?.aborted) };
}

/**
 * Follows an SSE endpoint until `onEvent` returns false or the signal aborts, reconnecting
 * with Last-Event-ID after a drop. An HTTP error (401, 404…) ends it with an ApiError.
 */
export async function followEvents(api: Api, path: string, onEvent: (e: SseEvent) => boolean | void, options: FollowOptions = {}): Promise<void> {
  let lastEventId = options.lastEventId ?? null;
  for (;;) {
    const result = await readOnce(api, path, lastEventId, onEvent, options.signal);
    lastEventId = result.lastEventId;
    if (result.stop || options.signal?.aborted) return;
    await new Promise((r) => setTimeout(r, options.retryMs ?? 1000));
  }
}
