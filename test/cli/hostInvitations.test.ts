import { expect } from 'chai';
import type { RunningServer } from '../../server/compose.js';
import { EXIT } from '../../cli/exitCodes.js';
import { resetTestDb } from '../helpers/db.js';
import { startTestServer, type ApiCall } from '../helpers/server.js';
import { apiClient, createPerson, envFor, type Person } from './fixtures.js';
import { tempConfigHome, yava } from './helpers.js';

describe('yava event-types invitations, accept, decline, leave (against a server)', () => {
  let server: RunningServer;
  let call: ApiCall;
  let home: ReturnType<typeof tempConfigHome>;
  const people: Record<'ada' | 'bob' | 'eve', Person> = {} as never;
  const as = (who: keyof typeof people, args: string[]) => yava(args, { env: envFor(server, people[who], home.dir) });

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    home = tempConfigHome();
    server = await startTestServer();
    call = apiClient(server.url);
    for (const name of ['ada', 'bob', 'eve'] as const) people[name] = await createPerson(call, `cli-${name}`);
  });
  after(async () => {
    await server.close();
    home.cleanup();
  });

  it('a named host is asked, answers from the terminal, and may leave again', async () => {
    const created = await as('ada', ['event-types', 'create', '--slug', 'pair', '--title', 'Pairing', '--duration', '30', '--kind', 'collective', '--hosts', 'cli-bob,cli-eve']);
    expect(created.code, created.stderr).to.equal(0);
    expect(created.stdout).to.include('Asked cli-bob, cli-eve to host it');

    const listed = await as('bob', ['event-types', 'invitations', '--json']);
    expect(listed.code, listed.stderr).to.equal(0);
    const [invitation] = listed.json().invitations;
    expect(invitation.eventType).to.include({ slug: 'pair', title: 'Pairing', kind: 'collective' });
    const stranger = await as('eve', ['event-types', 'accept', invitation.id]);
    expect(stranger.code).to.equal(EXIT.notFound);

    const accepted = await as('bob', ['event-types', 'accept', invitation.id]);
    expect(accepted.code, accepted.stderr).to.equal(0);
    expect(accepted.stdout).to.include('You now host cli-ada/pair ("Pairing")');
    const [eveInvitation] = (await as('eve', ['event-types', 'invitations', '--json'])).json().invitations;
    const declined = await as('eve', ['event-types', 'decline', eveInvitation.id, '--json']);
    expect(declined.code, declined.stderr).to.equal(0);
    expect(Date.parse(declined.json().reinviteAllowedAt) - Date.now()).to.be.within(7 * 86_400_000 - 120_000, 7 * 86_400_000);
    const [pair] = (await as('ada', ['event-types', 'list', '--json'])).json().eventTypes;
    expect(pair).to.deep.include({ hosts: ['cli-ada', 'cli-bob'], pendingHosts: [] });

    expect((await as('bob', ['event-types', 'invitations', '--json'])).json().coHosted.map((e: { slug: string }) => e.slug)).to.deep.equal(['pair']);
    const left = await as('bob', ['event-types', 'leave', 'cli-ada/pair']);
    expect(left.code, left.stderr).to.equal(0);
    expect(left.stdout).to.include('cannot invite you to host it again for 7 days.');
    expect((await as('bob', ['event-types', 'leave', 'cli-ada/pair'])).code).to.equal(EXIT.notFound);
    expect((await as('ada', ['event-types', 'list', '--json'])).json().eventTypes[0].hosts).to.deep.equal(['cli-ada']);
  });
});
