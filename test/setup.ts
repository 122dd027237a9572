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
    // Mocha waits for the event loop to empty (exit: false), so a timer or socket a test left
    // behind would hang the run until CI's limit. Name what is still open and fail instead.
    setTimeout(() => {
      process.stderr.write(`\nThe test run has not exited 60 s after its last test: still open: ${process.getActiveResourcesInfo().join(', ')}. A test left a timer, socket or server running.\n`);
      // After mocha's own exit listener, which would set the code to the count of failed tests.
      process.on('exit', () => {
        process.exitCode = 1;
      });
      process.exit(1);
    }, 60_000).unref();
  },
};
