/**
 * A dispatcher in its own process, for the multi-process and crash tests:
 * `node --import tsx test/helpers/dispatcherProcess.ts` with DATABASE_URL and SMTP_URL set.
 * It sends 'email' (real nodemailer to SMTP_URL) and 'webhook' (the real sender) rows until
 * none is pending, printing `sent <channel> <key>` after each recorded delivery.
 * CRASH_AT=before-send|after-send with CRASH_ON=<n> kills itself with SIGKILL around its
 * n-th send (1-based; of CRASH_CHANNEL only, when set): before handing the message over, or
 * after the receiver accepted it but before the outcome is recorded. LEASE_MS sets the lease (a
 * restarted dispatcher waits it out). SEND_DELAY_MS slows each send. WAIT_FOR_GO=1 waits for a line on stdin before starting.
 */
import { createSecretBox } from '../../core/calendars/secretBox.js';
import { systemClock } from '../../core/clock.js';
import { createDatabase } from '../../core/db/knex.js';
import { createOutboxDispatcher, type ChannelSender } from '../../core/notify/dispatcher.js';
import { createEmailSender } from '../../core/notify/email/mailer.js';
import { createInboxWriter } from '../../core/notify/inbox/store.js';
import { createWebhookService } from '../../core/webhooks/service.js';
import { TEST_ENCRYPTION_KEY } from './server.js';

const env = process.env;
const database = await createDatabase({ databaseUrl: env.DATABASE_URL, poolMax: 4 });
const db = database.knex;
const email = createEmailSender({ db, smtpUrl: env.SMTP_URL, from: 'Yava <no-reply@yava.test>' });
const webhooks = createWebhookService({
  db,
  clock: systemClock,
  box: createSecretBox(TEST_ENCRYPTION_KEY),
  policy: { allowPrivate: true },
  timeoutMs: 5_000,
  retryForMs: 86_400_000,
  inbox: createInboxWriter({ clock: systemClock }),
  maxAttempts: 8,
});

const crashAt = env.CRASH_AT ?? '';
const crashOn = Number(env.CRASH_ON ?? 0);
let sends = 0;
const crashing = (send: ChannelSender): ChannelSender => async (message) => {
  if (!env.CRASH_CHANNEL || env.CRASH_CHANNEL === message.channel) sends += 1;
  const now = crashOn > 0 && sends === crashOn && (!env.CRASH_CHANNEL || env.CRASH_CHANNEL === message.channel);
  if (now && crashAt === 'before-send') process.kill(process.pid, 'SIGKILL');
  // SEND_DELAY_MS slows each send, so a kill from outside lands in the middle of a batch.
  if (env.SEND_DELAY_MS) await new Promise((r) => setTimeout(r, Number(env.SEND_DELAY_MS)));
  const receipt = await send(message);
  if (now && crashAt === 'after-send') process.kill(process.pid, 'SIGKILL');
  return receipt;
};

const dispatcher = createOutboxDispatcher({
  db,
  clock: systemClock,
  senders: { email: crashing(email.send), webhook: crashing(webhooks.sender) },
  batchSize: Number(env.BATCH_SIZE ?? 20),
  leaseMs: Number(env.LEASE_MS ?? 120_000),
});
process.stdout.write(`ready ${dispatcher.workerId}\n`);
if (env.WAIT_FOR_GO === '1') {
  await new Promise((go) => process.stdin.once('data', go));
  // An open stdin would keep the process alive after its work.
  process.stdin.destroy();
}
for (;;) {
  const result = await dispatcher.drain();
  if (result.sent) process.stdout.write(`sent ${result.sent}\n`);
  const pending = await db('outbox').where({ status: 'pending' }).count<{ n: string | number }[]>('* as n');
  if (Number(pending[0]!.n) === 0) break;
  if (!result.claimed) await new Promise((r) => setTimeout(r, 100));
}
email.close();
await database.close();
process.stdout.write('done\n');
process.exit(0);
