/**
 * Publish/subscribe for messages that must reach every API process (server-sent events:
 * a change made through one process, a client connected to another). With Redis it uses a
 * second connection in subscriber mode; without, it is in-process (one process sees all).
 */
import { EventEmitter } from 'node:events';
import type { Redis } from './redis.js';

export type MessageHandler = (message: unknown) => void;

export interface PubSub {
  publish(channel: string, message: unknown): Promise<void>;
  /** Resolves once the subscription is active; the returned function unsubscribes. */
  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function createMemoryPubSub(): PubSub {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  return {
    async publish(channel, message) {
      events.emit(channel, structuredClone(message));
    },
    async subscribe(channel, handler) {
      events.on(channel, handler);
      return async () => {
        events.off(channel, handler);
      };
    },
    async close() {
      events.removeAllListeners();
    },
  };
}

/** Channels are JSON messages under the client's key prefix (so test runs and deployments stay apart). */
export function createRedisPubSub(redis: Redis): PubSub {
  const prefix = String(redis.options.keyPrefix ?? '');
  const handlers = new Map<string, Set<MessageHandler>>();
  let subscriber: Redis | null = null;
  const connect = (): Redis => {
    if (subscriber) return subscriber;
    // The subscriber connection sees raw channel names: keyPrefix does not apply to them.
    subscriber = redis.duplicate({ keyPrefix: '', enableOfflineQueue: true });
    subscriber.on('error', () => {});
    subscriber.on('message', (channel: string, text: string) => {
      const set = handlers.get(channel);
      if (!set) return;
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        return;
      }
      for (const handler of set) handler(message);
    });
    return subscriber;
  };
  return {
    async publish(channel, message) {
      await redis.publish(prefix + channel, JSON.stringify(message));
    },
    async subscribe(channel, handler) {
      const full = prefix + channel;
      let set = handlers.get(full);
      if (!set) {
        set = new Set();
        handlers.set(full, set);
        await connect().subscribe(full);
      }
      set.add(handler);
      return async () => {
        set.delete(handler);
        if (set.size === 0 && handlers.get(full) === set) {
          handlers.delete(full);
          await subscriber?.unsubscribe(full);
        }
      };
    },
    async close() {
      handlers.clear();
      if (subscriber) subscriber.disconnect();
      subscriber = null;
    },
  };
}
