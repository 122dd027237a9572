import { expect } from 'chai';
import { parseFastArgv, type FastCommandSpec } from '../../cli/fastArgv.js';

const spec: FastCommandSpec = {
  flags: {
    json: { type: 'boolean' },
    server: { type: 'string', env: 'YAVA_SERVER' },
    all: { type: 'boolean', exclusive: ['status'] },
    status: { type: 'string' },
    smart: { type: 'boolean' },
    near: { type: 'string', dependsOn: ['smart'] },
    limit: { type: 'integer', default: 20, min: 1, max: 1000 },
  },
  args: ['target'],
  fieldNames: {},
  ownFlags: ['all', 'status', 'smart', 'near', 'limit'],
};

describe('parseFastArgv (bin/run.js fast path)', () => {
  it('reads booleans, values given apart or after =, integers, the argument, defaults and env', () => {
    const parsed = parseFastArgv(spec, ['demo/intro', '--json', '--status', 'pending', '--limit=7'], { YAVA_SERVER: 'http://x' });
    expect(parsed).to.deep.equal({ flags: { json: true, status: 'pending', limit: 7, server: 'http://x' }, args: { target: 'demo/intro' } });
    expect(parseFastArgv(spec, [], {})).to.deep.equal({ flags: { limit: 20 }, args: {} });
    expect(parseFastArgv(spec, ['--server', 'http://given'], { YAVA_SERVER: 'http://x' })?.flags.server).to.equal('http://given');
  });

  it('leaves to oclif what it does not read for certain', () => {
    const refused = [
      ['--help'],
      ['-h'],
      ['--bogus'],
      ['--limit', 'abc'],
      ['--limit', '0'],
      ['--limit', '1001'],
      ['--limit', '-5'],
      ['--limit'],
      ['--status='],
      ['--json=true'],
      ['--json', '--json'],
      ['a', 'b'],
      [''],
      ['--', '--json'],
      ['--all', '--status', 'pending'],
      ['--near', '2026-12-03T15:00:00Z'],
    ];
    for (const argv of refused) expect(parseFastArgv(spec, argv, {}), argv.join(' ')).to.equal(undefined);
    expect(parseFastArgv(spec, ['--smart', '--near', '2026-12-03T15:00:00Z'], {})?.flags).to.include({ smart: true, near: '2026-12-03T15:00:00Z' });
  });
});
