import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createEmailSender } from '../../../../core/notify/email/mailer.js';
import type { OutboxMessage } from '../../../../core/notify/dispatcher.js';
import { getTestDb } from '../../../helpers/db.js';

describe('core/notify/email/mailer', () => {
  it('sends one message after another over one kept SMTP connection, closed by close()', async () => {
    let connections = 0;
    let open = 0;
    const ids: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onConnect(_session, callback) {
        connections += 1;
        open += 1;
        callback();
      },
      onClose() {
        open -= 1;
      },
      onData(stream, _session, callback) {
        let head = '';
        stream.on('data', (c: Buffer) => (head += String(c)));
        stream.on('end', () => {
          ids.push(/^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? '');
          callback();
        });
      },
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    const port = (server.server.address() as AddressInfo).port;
    const mailer = createEmailSender({ db: (await getTestDb()).knex, smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Yava <no-reply@yava.test>' });
    try {
      for (let i = 0; i < 5; i++) {
        const message: OutboxMessage = { id: `m${i}`, channel: 'email', idempotencyKey: `pool:${i}`, attempts: 0, maxAttempts: 3, bookingId: null, payload: { to: `p${i}@example.com`, toName: 'P', subject: 'S', text: 'T', html: '<p>T</p>', ics: null, icsMethod: null } };
        await mailer.send(message);
      }
      expect(new Set(ids).size).to.equal(5);
      expect(connections).to.equal(1);
      mailer.close();
      for (let i = 0; i < 50 && open > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(open).to.equal(0);
    } finally {
      mailer.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });
});
