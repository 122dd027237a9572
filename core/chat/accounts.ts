import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import { whereEmailVerified } from '../auth/emailOwnership.js';
import { DomainError } from '../errors.js';

export type ChatPlatform = 'slack' | 'discord';

/** A person on a chat platform: Slack ids are per workspace, Discord ids are global (workspace "discord"). */
export interface ChatIdentity {
  platform: ChatPlatform;
  workspaceId: string;
  externalUserId: string;
}

/** The Yava user a chat account is linked to. */
export interface LinkedChatUser {
  userId: string;
  username: string;
  name: string;
  email: string;
  /** The zone the chat platform reports for the person (Slack profile), else the Yava account's. */
  timezone: string;
}

export interface CreateChatAccountServiceOptions {
  db: Knex;
  clock: Clock;
  /** How long a one-time link code stays valid. */
  linkCodeTtlMinutes?: number;
  /**
   * A chat account was linked to `userId` (in the linking transaction): the meetings already
   * booked get their chat reminders, as a phone verified later gets its texts.
   */
  onLinked?: (trx: Knex.Transaction, userId: string) => Promise<unknown>;
}

interface UserRow {
  id: string;
  username: string;
  name: string;
  email: string;
  timezone: string;
}

const toLinked = (user: UserRow, chatZone: string | null | undefined): LinkedChatUser => ({
  userId: user.id,
  username: user.username,
  name: user.name,
  email: user.email,
  timezone: chatZone || user.timezone,
});

/**
 * Links chat accounts (Slack, Discord) to Yava users: by a verified email the platform
 * reports, or by a one-time code the person redeems while logged in to Yava
 * (`POST /api/chat/link`). Codes are stored hashed and work once.
 */
export function createChatAccountService({ db, clock, linkCodeTtlMinutes = 15, onLinked }: CreateChatAccountServiceOptions) {
  const userColumns = ['users.id', 'users.username', 'users.name', 'users.email', 'users.timezone'];

  /** Links the account to `userId`; a link that is new (or moved to this user) is announced to `onLinked`. */
  async function upsertLink(trx: Knex.Transaction, identity: ChatIdentity, userId: string, timezone: string | null): Promise<void> {
    const where = { platform: identity.platform, workspace_id: identity.workspaceId, external_user_id: identity.externalUserId };
    const before: { user_id: string } | undefined = await trx('chat_accounts').where(where).forUpdate().first('user_id');
    await trx('chat_accounts')
      .insert({ ...where, user_id: userId, timezone })
      .onConflict(['platform', 'workspace_id', 'external_user_id'])
      .merge({ user_id: userId, ...(timezone ? { timezone } : {}) });
    if (before?.user_id !== userId && onLinked) await onLinked(trx, userId);
  }

  return {
    /** The linked Yava user, or null. A given `timezone` (from the platform's profile) is remembered. */
    async findLinkedUser(identity: ChatIdentity, timezone?: string | null): Promise<LinkedChatUser | null> {
      const row = await db('chat_accounts')
        .join('users', 'users.id', 'chat_accounts.user_id')
        .where({ platform: identity.platform, workspace_id: identity.workspaceId, external_user_id: identity.externalUserId })
        .first([...userColumns, 'chat_accounts.timezone as chat_timezone']);
      if (!row) return null;
      if (timezone && timezone !== row.chat_timezone) {
        await db('chat_accounts')
          .where({ platform: identity.platform, workspace_id: identity.workspaceId, external_user_id: identity.externalUserId })
          .update({ timezone });
      }
      return toLinked(row, timezone ?? row.chat_timezone);
    },

    /**
     * Links the chat account to the Yava user with this email, when the platform has verified
     * it (Slack's `users.info` profile.email). Returns null when no Yava user has verified that email.
     */
    async linkByVerifiedEmail(identity: ChatIdentity, email: string, timezone?: string | null): Promise<LinkedChatUser | null> {
      const user = await whereEmailVerified(db('users').whereRaw('lower(email) = lower(?)', [email])).first<UserRow | undefined>(userColumns);
      if (!user) return null;
      await db.transaction((trx) => upsertLink(trx, identity, user.id, timezone ?? null));
      return toLinked(user, timezone);
    },

    /** The Yava user with this email, if any (for mentions of people not linked yet). */
    async findUserByEmail(email: string): Promise<LinkedChatUser | null> {
      const user = await whereEmailVerified(db('users').whereRaw('lower(email) = lower(?)', [email])).first<UserRow | undefined>(userColumns);
      return user ? toLinked(user, null) : null;
    },

    /** A one-time code (valid `linkCodeTtlMinutes`) that links this chat account when redeemed. */
    async createLinkCode(identity: ChatIdentity): Promise<{ code: string; expiresAt: string }> {
      const code = generateSecret('yava_link_', 12);
      const expiresAt = new Date(clock.now().getTime() + linkCodeTtlMinutes * 60_000);
      await db('chat_link_codes').insert({ code_hash: hashSecret(code), platform: identity.platform, workspace_id: identity.workspaceId, external_user_id: identity.externalUserId, expires_at: expiresAt });
      return { code, expiresAt: expiresAt.toISOString() };
    },

    /** The platform a link code was made on, while it is unused and fresh; null otherwise (the link page's question). */
    async peekLinkCode(code: string): Promise<{ platform: ChatPlatform } | null> {
      const row = await db('chat_link_codes').where({ code_hash: hashSecret(code) }).whereNull('used_at').where('expires_at', '>', clock.now()).first('platform');
      return row ? { platform: row.platform } : null;
    },

    /**
     * Redeems a link code for the logged-in user. Throws invalid_token for an unknown,
     * used or expired code.
     * @example await chatAccounts.redeemLinkCode('yava_link_…', userId) // {platform: 'slack', …}
     */
    async redeemLinkCode(code: string, userId: string): Promise<ChatIdentity> {
      return db.transaction(async (trx) => {
        const row = await trx('chat_link_codes')
          .where({ code_hash: hashSecret(code) })
          .whereNull('used_at')
          .where('expires_at', '>', clock.now())
          .forUpdate()
          .first();
        if (!row) throw new DomainError('invalid_token', 'This link code is unknown, used or expired: run /meet link again');
        await trx('chat_link_codes').where({ code_hash: row.code_hash }).update({ used_at: clock.now() });
        const identity: ChatIdentity = { platform: row.platform, workspaceId: row.workspace_id, externalUserId: row.external_user_id };
        await upsertLink(trx, identity, userId, null);
        return identity;
      });
    },

    /** Chat accounts of these users on one platform and workspace, for direct messages. */
    async listChatAccounts(platform: ChatPlatform, workspaceId: string, userIds: string[]): Promise<Array<{ userId: string; externalUserId: string }>> {
      if (!userIds.length) return [];
      const rows = await db('chat_accounts').where({ platform, workspace_id: workspaceId }).whereIn('user_id', userIds).select('user_id', 'external_user_id');
      return rows.map((r) => ({ userId: r.user_id, externalUserId: r.external_user_id }));
    },

    /**
     * Records a chat delivery (an event id, a trigger id); false when it was seen before, so a
     * retried delivery never acts twice.
     */
    async recordDelivery(platform: ChatPlatform, deliveryId: string): Promise<boolean> {
      const inserted = await db('chat_deliveries').insert({ platform, delivery_id: deliveryId }).onConflict(['platform', 'delivery_id']).ignore().returning('delivery_id');
      return inserted.length > 0;
    },
  };
}

export type ChatAccountService = ReturnType<typeof createChatAccountService>;
