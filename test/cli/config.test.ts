import { expect } from 'chai';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configPath, readStoredConfig, writeStoredConfig } from '../../cli/config.js';

describe('cli/config', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'yava-config-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('writes a new config readable by its owner only', () => {
    const env = { XDG_CONFIG_HOME: home };
    writeStoredConfig({ server: 'http://localhost:3000' }, env);
    expect(readStoredConfig(env)).to.deep.equal({ server: 'http://localhost:3000' });
    expect(lstatSync(configPath(env)).mode & 0o777).to.equal(0o600);
  });

  it('writes through a config that is a symbolic link (dotfiles in a repository): the link stays', () => {
    const env = { XDG_CONFIG_HOME: home };
    const dotfiles = join(home, 'dotfiles');
    mkdirSync(dotfiles);
    mkdirSync(join(home, 'yava'));
    writeFileSync(join(dotfiles, 'yava.json'), '{"server":"http://old.example"}\n');
    symlinkSync(join(dotfiles, 'yava.json'), configPath(env));
    writeStoredConfig({ server: 'http://new.example' }, env);
    expect(lstatSync(configPath(env)).isSymbolicLink(), 'still a link').to.equal(true);
    expect(readlinkSync(configPath(env))).to.equal(join(dotfiles, 'yava.json'));
    expect(JSON.parse(readFileSync(join(dotfiles, 'yava.json'), 'utf8'))).to.deep.equal({ server: 'http://new.example' });
  });
});
