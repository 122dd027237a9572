import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomically } from '../../cli/outputFile.js';
import { CliError } from '../../cli/errors.js';

describe('cli/outputFile writeFileAtomically', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yava-output-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the file only once everything is written', async () => {
    const file = join(dir, 'out.csv');
    writeFileSync(file, 'old');
    await writeFileAtomically(file, async (out) => {
      out.write('new');
    });
    expect(readFileSync(file, 'utf8')).to.equal('new');
    expect(readdirSync(dir)).to.deep.equal(['out.csv']);
  });

  it('reports a write that fails half-way (a full disk) by name, keeps the old file and leaves no part file', async () => {
    const file = join(dir, 'out.csv');
    writeFileSync(file, 'old');
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    const error = await writeFileAtomically(file, async (out) => {
      out.write('partial');
      out.destroy(full);
      // What the download does next: wait for the stream (it rejects with the stream's error).
      await new Promise((_resolve, reject) => out.once('close', () => reject(out.errored)));
    }).then(
      () => expect.fail('expected the write to fail'),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(CliError);
    expect((error as CliError).message).to.equal(`cannot write ${file} (no space left on device); it was left as it was`);
    expect((error as CliError).exitCode).to.equal(1);
    expect(readFileSync(file, 'utf8')).to.equal('old');
    expect(readdirSync(dir)).to.deep.equal(['out.csv']);
  });
});
