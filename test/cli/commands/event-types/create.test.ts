import { expect } from 'chai';
import EventTypesCreate from '../../../../cli/commands/event-types/create.js';
import { fakeApi, parseArgv, parseError, runWith } from '../harness.js';

describe('cli/commands/event-types/create', () => {
  describe('parse', () => {
    it('reads --no-approval as false and --kind from its options', async () => {
      const { flags } = await parseArgv(EventTypesCreate, ['--slug', 'intro', '--no-approval', '--kind', 'collective']);
      expect(flags.approval).to.equal(false);
      expect(flags.kind).to.equal('collective');
    });
    it('refuses a --kind outside its options with exit 2 naming the flag', async () => {
      const { exit, message } = await parseError(EventTypesCreate, ['--kind', 'webinar']);
      expect(exit).to.equal(2);
      expect(message).to.include('--kind');
    });
  });

  describe('run', () => {
    it('maps flags onto the API body', async () => {
      const api = fakeApi({
        'POST /api/event-types': { id: 'e1', slug: 'intro', title: 'Intro', durationMinutes: 30 },
      });
      await runWith(
        EventTypesCreate,
        [
          '--slug',
          'intro',
          '--title',
          'Intro',
          '--duration',
          '30',
          '--buffer-after',
          '5',
          '--hosts',
          '@alice, bob',
          '--team',
          'sales',
        ],
        api,
      );
      expect(api.calls[0]!.body).to.deep.equal({
        slug: 'intro',
        title: 'Intro',
        durationMinutes: 30,
        bufferAfterMinutes: 5,
        hosts: ['alice', 'bob'],
        teamSlug: 'sales',
      });
    });
    it('says whom it asked to host: they host once they accept', async () => {
      const api = fakeApi({ 'POST /api/event-types': { id: 'e1', slug: 'pair', title: 'Pair', durationMinutes: 30, kind: 'collective', hosts: ['ada'], pendingHosts: ['bob', 'cy'] } });
      const { stdout } = await runWith(EventTypesCreate, ['--slug', 'pair', '--title', 'Pair', '--duration', '30', '--kind', 'collective', '--hosts', 'bob,cy'], api);
      expect(stdout).to.include('Asked bob, cy to host it: they host once they accept (until everyone has, it offers no times).');
    });
    it('without --duration and no terminal, exits 2 naming it and sends nothing', async () => {
      const api = fakeApi({});
      const error = await runWith(EventTypesCreate, ['--slug', 'intro', '--title', 'Intro'], api).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.include('--duration');
      expect(api.calls).to.deep.equal([]);
    });
  });
});
