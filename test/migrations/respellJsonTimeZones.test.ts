import { expect } from 'chai';
import * as migration from '../../migrations/20261212123000_respell_json_time_zones.js';
import { setUpRequestWorld, type RequestWorld } from '../core/requests/helpers.js';

describe('migration respell_json_time_zones: zones kept inside JSON before they were canonicalised', () => {
  let w: RequestWorld;
  const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
  type Zoned = { timezone?: string; intent?: { timezone: string } };
  const requestZones = async (id: string) => {
    const row = await w.db('meeting_requests').where({ id }).first('intent', 'pending');
    return [json<Zoned>(row.intent).timezone, row.pending === null ? null : json<Zoned>(row.pending).intent?.timezone];
  };
  // As the code before 95f7b37 stored them: as typed.
  const asTyped = async (id: string, zone: string) =>
    w.db('meeting_requests')
      .where({ id })
      .update({
        intent: w.db.raw(`jsonb_set(intent, '{timezone}', to_jsonb(?::text))`, [zone]),
        pending: w.db.raw(`CASE WHEN pending IS NULL THEN NULL ELSE jsonb_set(pending, '{intent,timezone}', to_jsonb(?::text)) END`, [zone]),
      });

  beforeEach(async function () {
    this.timeout(120_000); // the first test starts the shared database
    w = await setUpRequestWorld();
  });

  it('an open question stored in "europe/berlin" is answered, and read on, in Europe/Berlin', async () => {
    const asked = await w.requests.proposeOrAnswer({ userId: w.users.bob, text: 'with cy', timezone: 'Europe/Berlin', source: 'slack' });
    expect(asked.status).to.equal('question');
    await asTyped(asked.id, 'europe/berlin');
    expect(await requestZones(asked.id)).to.deep.equal(['europe/berlin', 'europe/berlin']);

    await migration.up(w.db);

    expect(await requestZones(asked.id)).to.deep.equal(['Europe/Berlin', 'Europe/Berlin']);
    const answered = await w.requests.proposeOrAnswer({ userId: w.users.bob, text: 'friday 3pm 45 min', timezone: 'Europe/Berlin', source: 'slack' });
    expect(answered).to.include({ id: asked.id, status: 'proposed' });
    expect(answered.intent.timezone).to.equal('Europe/Berlin');
    expect(answered.intent.start).to.equal('2026-11-27T15:00:00.000+01:00');
  });

  it('respells requests without a question, keeps an alias the alias it is and a value that is no zone as it was', async () => {
    const propose = (text: string) => w.requests.propose({ userId: w.users.bob, text, timezone: 'Europe/Berlin', source: 'api' });
    const [proposed, alias, unknown, canonical] = await Promise.all(['30 min with cy tomorrow 3pm', '30 min with cy friday 3pm', '30 min with cy monday 3pm', '30 min with cy thursday 3pm'].map(propose));
    await asTyped(proposed!.id, 'america/new_york');
    await asTyped(alias!.id, 'asia/calcutta');
    await asTyped(unknown!.id, 'mars/olympus_mons');
    await migration.up(w.db);
    expect(await requestZones(proposed!.id)).to.deep.equal(['America/New_York', null]);
    expect(await requestZones(alias!.id)).to.deep.equal(['Asia/Calcutta', null]);
    expect(await requestZones(unknown!.id)).to.deep.equal(['mars/olympus_mons', null]);
    expect(await requestZones(canonical!.id)).to.deep.equal(['Europe/Berlin', null]);
  });

  it("respells the seller's zone an invoice is dated in; leaves an invoice without one and the other JSON as it was", async () => {
    const invoice = (number: number, seller: Record<string, string>) => ({
      host_user_id: w.users.ada,
      number,
      seller: JSON.stringify(seller),
      buyer: JSON.stringify({ name: 'Gil', email: 'gil@x.org' }),
      description: 'Intro',
      subtotal_minor: 4500,
      total_minor: 4500,
      currency: 'EUR',
      issued_at: new Date('2026-11-24T23:30:00Z'),
    });
    await w.db('invoices').insert([invoice(1, { name: 'Ada', email: 'ada@x.org', timezone: 'asia/kolkata' }), invoice(2, { name: 'Ada', email: 'ada@x.org' })]);
    // A replay of an answer given is given again exactly as it was.
    const replay = { id: 'b1', invitees: [{ name: 'Gil', timezone: 'europe/berlin' }] };
    await w.db('idempotency_keys').insert({ scope: 'test', key: 'k1', request_hash: 'h', response_status: 201, response_body: JSON.stringify(replay) });

    await migration.up(w.db);

    const sellers = (await w.db('invoices').orderBy('number').select('seller')).map((r: { seller: unknown }) => json(r.seller));
    expect(sellers).to.deep.equal([
      { name: 'Ada', email: 'ada@x.org', timezone: 'Asia/Kolkata' },
      { name: 'Ada', email: 'ada@x.org' },
    ]);
    expect(json((await w.db('idempotency_keys').where({ key: 'k1' }).first('response_body')).response_body)).to.deep.equal(replay);
  });
});
