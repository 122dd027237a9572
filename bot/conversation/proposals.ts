import type { Knex } from 'knex';
import type { Clock } from '../../core/clock.js';
import type { ChatIdentity, ChatPlatform } from '../../core/chat/accounts.js';

/** What a slot proposal needs to book the picked time, or to list fresh times. */
export interface SlotRequest {
  usernames: string[];
  withNames: string[];
  durationMinutes: number;
  title: string;
  timezone: string;
  from: string;
  to: string;
}

export interface QuestionRequest {
  text: string;
}

export interface StoredProposal<R> {
  id: string;
  identity: ChatIdentity;
  organizerUserId: string;
  request: R;
  expiresAt: Date;
  usedAt: Date | null;
}

interface ProposalRow {
  id: string;
  platform: ChatPlatform;
  workspace_id: string;
  external_user_id: string;
  organizer_user_id: string;
  request: unknown;
  expires_at: Date | string;
  used_at: Date | string | null;
}

const SLOTS_TTL_MS = 24 * 3600_000;
const QUESTION_TTL_MS = 15 * 60_000;

/** Conversation state kept in the database, so any bot process can continue it. */
export function createProposalStore(db: Knex, clock: Clock) {
  const toStored = <R>(row: ProposalRow): StoredProposal<R> => ({
    id: row.id,
    identity: { platform: row.platform, workspaceId: row.workspace_id, externalUserId: row.external_user_id },
    organizerUserId: row.organizer_user_id,
    request: (typeof row.request === 'string' ? JSON.parse(row.request) : row.request) as R,
    expiresAt: new Date(row.expires_at),
    usedAt: row.used_at ? new Date(row.used_at) : null,
  });

  async function save(kind: 'slots' | 'question', identity: ChatIdentity, organizerUserId: string, request: unknown, ttlMs: number): Promise<string> {
    const [row] = await db('chat_proposals')
      .insert({
        platform: identity.platform,
        workspace_id: identity.workspaceId,
        external_user_id: identity.externalUserId,
        organizer_user_id: organizerUserId,
        kind,
        request: JSON.stringify(request),
        expires_at: new Date(clock.now().getTime() + ttlMs),
      })
      .returning('id');
    return row.id as string;
  }

  return {
    saveSlots: (identity: ChatIdentity, organizerUserId: string, request: SlotRequest) => save('slots', identity, organizerUserId, request, SLOTS_TTL_MS),
    saveQuestion: (identity: ChatIdentity, organizerUserId: string, request: QuestionRequest) => save('question', identity, organizerUserId, request, QUESTION_TTL_MS),

    async findSlots(id: string): Promise<StoredProposal<SlotRequest> | null> {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const row = await db('chat_proposals').where({ id, kind: 'slots' }).first();
      return row ? toStored<SlotRequest>(row) : null;
    },

    /** The open question this person was asked last, taken (it is answered once). */
    async takeOpenQuestion(identity: ChatIdentity): Promise<QuestionRequest | null> {
      const row = await db('chat_proposals')
        .where({ platform: identity.platform, workspace_id: identity.workspaceId, external_user_id: identity.externalUserId, kind: 'question' })
        .whereNull('used_at')
        .where('expires_at', '>', clock.now())
        .orderBy('created_at', 'desc')
        .first();
      if (!row) return null;
      const taken = await db('chat_proposals').where({ id: row.id }).whereNull('used_at').update({ used_at: clock.now() }).returning('id');
      return taken.length ? toStored<QuestionRequest>(row).request : null;
    },

    /** Marks a proposal used; false when it already was (a second click books nothing). */
    async claim(id: string): Promise<boolean> {
      const rows = await db('chat_proposals').where({ id }).whereNull('used_at').update({ used_at: clock.now() }).returning('id');
      return rows.length > 0;
    },

    async release(id: string): Promise<void> {
      await db('chat_proposals').where({ id }).update({ used_at: null });
    },
  };
}

export type ProposalStore = ReturnType<typeof createProposalStore>;
