import { expect } from 'chai';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('writes through a symbolic link into its target: the link stays a link, the part file goes beside the target', async () => {
    mkdirSync(join(dir, 'reports'));
    mkdirSync(join(dir, 'links'));
    const target = join(dir, 'reports', 'meetings.csv');
    writeFileSync(target, 'old');
    // Relative, as `ln -s ../reports/meetings.csv` makes it, and through a second link.
    symlinkSync('../reports/meetings.csv', join(dir, 'links', 'latest.csv'));
    symlinkSync('latest.csv', join(dir, 'links', 'current.csv'));
    let partDir: string[] = [];
    await writeFileAtomically(join(dir, 'links', 'current.csv'), async (out) => {
      partDir = readdirSync(join(dir, 'reports'));
      out.write('new');
    });
    expect(partDir).to.have.length(2);
    expect(readFileSync(target, 'utf8')).to.equal('new');
    expect(lstatSync(join(dir, 'links', 'current.csv')).isSymbolicLink()).to.equal(true);
    expect(readlinkSync(join(dir, 'links', 'current.csv'))).to.equal('latest.csv');
    expect(lstatSync(join(dir, 'links', 'latest.csv')).isSymbolicLink()).to.equal(true);
    expect(readdirSync(join(dir, 'reports'))).to.deep.equal(['meetings.csv']);
    expect(readdirSync(join(dir, 'links')).sort()).to.deep.equal(['current.csv', 'latest.csv']);
  });

  it('creates the target of a link to a file not there yet, keeping the link', async () => {
    const link = join(dir, 'latest.csv');
    symlinkSync('first.csv', link);
    await writeFileAtomically(link, async (out) => {
      out.write('new');
    });
    expect(lstatSync(link).isSymbolicLink()).to.equal(true);
    expect(readFileSync(join(dir, 'first.csv'), 'utf8')).to.equal('new');
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
