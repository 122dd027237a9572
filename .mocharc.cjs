// Tests are TypeScript run through tsx; one shared embedded database per run (test/setup.ts).
module.exports = {
  'node-option': ['import=tsx'],
  spec: process.env.MOCHA_SPEC ? process.env.MOCHA_SPEC.split(',') : ['test/**/*.test.ts'],
  require: ['test/setup.ts'],
  timeout: 30000,
  exit: false,
  reporter: 'spec',
};
