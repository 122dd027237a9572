// Root hooks for the whole mocha run. The shared test database is created lazily by
// test/helpers/db.ts on first use, so a targeted run of pure suites (MOCHA_SPEC) never pays
// for it. A full run starts it here, with room: on a loaded machine, starting PGlite and
// migrating can outlast the first suite's 30 s `before` hook.
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    if (process.env.MOCHA_SPEC) return;
    this.timeout(180_000);
    const { getTestDb } = await import('./helpers/db.js');
    await getTestDb();
  },
  async afterAll() {
    const { closeTestDb } = await import('./helpers/db.js');
    await closeTestDb();
  },
};
