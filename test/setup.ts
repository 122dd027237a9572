// Root hooks for the whole mocha run. The shared test database is created lazily by
// test/helpers/db.ts on first use, so pure suites never pay for it.
export const mochaHooks = {
  async afterAll() {
    const { closeTestDb } = await import('./helpers/db.js');
    await closeTestDb();
  },
};
