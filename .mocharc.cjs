// Tests are TypeScript run through tsx; one shared embedded database per run (test/setup.ts).
// The Graph fake serves TLS with a test CA: Node reads NODE_EXTRA_CA_CERTS only at start, so it
// is set here, before mocha starts the test process (node-option makes mocha spawn one).
// When the machine already names a bundle there, the test process gets both in one file.
(() => {
  const fs = require('node:fs');
  const path = require('node:path');
  const testCa = path.join(__dirname, 'test/fakes/fixtures/tls/ca.pem');
  const current = process.env.NODE_EXTRA_CA_CERTS;
  if (!current || current === testCa) {
    process.env.NODE_EXTRA_CA_CERTS = testCa;
    return;
  }
  if (current.includes('yava-test-ca-')) return;
  const bundle = path.join(require('node:os').tmpdir(), `yava-test-ca-${process.pid}.pem`);
  fs.writeFileSync(bundle, `${fs.existsSync(current) ? fs.readFileSync(current, 'utf8') : ''}\n${fs.readFileSync(testCa, 'utf8')}`);
  process.env.NODE_EXTRA_CA_CERTS = bundle;
  process.on('exit', () => fs.rmSync(bundle, { force: true }));
})();
module.exports = {
  'node-option': ['import=tsx'],
  spec: process.env.MOCHA_SPEC ? process.env.MOCHA_SPEC.split(',') : ['test/**/*.test.ts'],
  require: ['test/setup.ts'],
  timeout: 30000,
  exit: false,
  reporter: 'spec',
};
