import { createConversation } from '../../../../bot/conversation/index.js';
import type { SlackBotContext } from '../../../../bot/slack/context.js';
import { createLogger } from '../../../../core/logger.js';
import { ADA, ALICE, fakePorts } from '../../conversation/fakePorts.js';

export type Call = [method: string, args: Record<string, any>];

/**
 * A listener's world without Bolt or HTTP: the conversation over fake core ports, a fake Web
 * API client recording calls, and `ack`/`respond` that record what the listener said and when.
 */
export function fakeSlackWorld() {
  const fake = fakePorts();
  const calls: Call[] = [];
  const record = (method: string) => async (args: Record<string, any>) => {
    calls.push([method, args]);
    if (method === 'views.open' && args.trigger_id === 'expired') throw new Error('expired_trigger_id');
    return { ok: true };
  };
  const profiles: Record<string, { tz: string; profile: { email: string } }> = {
    UADA: { tz: ADA.timezone, profile: { email: ADA.email } },
    UALICE: { tz: ALICE.timezone, profile: { email: ALICE.email } },
  };
  const client = {
    users: { info: async ({ user }: { user: string }) => ({ ok: true, user: profiles[user] ?? { tz: 'UTC', profile: {} } }) },
    chat: { postMessage: record('chat.postMessage'), postEphemeral: record('chat.postEphemeral') },
    views: { publish: record('views.publish'), open: record('views.open') },
  };
  const ack = async (response?: unknown) => {
    calls.push(['ack', { response }]);
  };
  const respond = async (message: Record<string, any>) => {
    calls.push(['respond', message]);
  };
  const chatAccounts = {
    ...fake.ports.chatAccounts,
    listChatAccounts: async (_platform: string, _workspace: string, userIds: string[]) =>
      userIds.flatMap((userId) => (userId === ADA.userId ? [{ userId, externalUserId: 'UADA' }] : userId === ALICE.userId ? [{ userId, externalUserId: 'UALICE' }] : [])),
  };
  fake.next.linked.set('UALICE', ALICE);
  const ctx = { conversation: createConversation(fake.ports), chatAccounts, logger: createLogger('silent') } as unknown as SlackBotContext;
  const methods = () => calls.map(([m]) => m);
  const callsTo = (method: string) => calls.filter(([m]) => m === method).map(([, args]) => args);
  return { next: fake.next, core: fake.calls, ctx, client: client as any, ack, respond, calls, methods, callsTo };
}
