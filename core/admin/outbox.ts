/** Dead letters: an admin sends a message that gave up after all its retries once more. */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import { recordAudit, type AuditContext } from './audit.js';

/**
 * Puts a dead (or still pending) outbox message back in the queue, due now, with a fresh
 * allowance of attempts; the dispatcher delivers it with its original idempotency key, so
 * the receiver never sees it twice. Throws not_found, invalid_transition (already sent).
 */
export async function retryOutboxMessage(deps: { db: Knex; clock: Clock }, context: AuditContext, id: string): Promise<{ id: string; status: 'pending'; previousStatus: string }> {
  return deps.db.transaction(async (trx) => {
    const row: { id: string; status: string; channel: string; attempts: number; max_attempts: number; last_error: string | null } | undefined = /^[0-9a-f-]{36}$/i.test(id) ? await trx('outbox').where({ id }).forUpdate().first('id', 'status', 'channel', 'attempts', 'max_attempts', 'last_error') : undefined;
    if (!row) throw new DomainError('not_found', 'Outbox message was not found');
    if (row.status === 'sent') throw new DomainError('invalid_transition', 'This message was already sent; nothing to retry', { details: { status: row.status } });
    const now = deps.clock.now();
    await trx('outbox').where({ id }).update({ status: 'pending', next_attempt_at: now, locked_until: null, locked_by: null, max_attempts: row.attempts + Math.max(1, row.max_attempts) });
    await recordAudit(trx, context, { action: 'outbox.retry', targetType: 'outbox', targetId: id, details: { channel: row.channel, previousStatus: row.status, attempts: row.attempts, lastError: row.last_error } }, now);
    return { id, status: 'pending' as const, previousStatus: row.status };
  });
}
