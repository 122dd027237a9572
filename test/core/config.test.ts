import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, readEnv } from '../../core/config.js';
import { MATH_FONT } from '../helpers/pdf.js';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).to.equal(3000);
    expect(config.BCRYPT_COST).to.equal(12);
    expect(config.RATE_LIMIT).to.equal(true);
    expect(config.YAVA_DATA_DIR).to.equal('./.yava/data');
    expect(config.publicUrl).to.equal('http://localhost:3000');
  });

  it('stops with one line naming the variable and what it expects', () => {
    expect(() => loadConfig({ PORT: 'abc' })).to.throw(ConfigError, /^Invalid configuration: PORT: expected a whole number from 0 to 65535 \(got "abc"\)$/);
    expect(() => loadConfig({ RATE_LIMIT: 'maybe' })).to.throw(ConfigError, /RATE_LIMIT: expected on\/off/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).to.throw(ConfigError, /DATABASE_URL: expected a URL starting with postgres:\/\/ or postgresql:\/\/ \(value hidden\)/);
    expect(() => loadConfig({ BCRYPT_COST: '40' })).to.throw(ConfigError, /BCRYPT_COST/);
  });

  it('never echoes a secret value', () => {
    try {
      loadConfig({ JWT_SECRET: 'short-secret-value' });
      expect.fail('should throw');
    } catch (error) {
      expect((error as Error).message).to.include('JWT_SECRET: expected at least 32 characters');
      expect((error as Error).message).not.to.include('short-secret-value');
    }
  });

  it('wants DATABASE_URL with DATABASE_READ_URL (a replica of that server)', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://replica/yava' })).to.throw(ConfigError, /DATABASE_READ_URL: needs DATABASE_URL too/);
    expect(loadConfig({ DATABASE_URL: 'postgres://primary/yava', DATABASE_READ_URL: 'postgres://replica/yava' }).DATABASE_READ_URL).to.equal('postgres://replica/yava');
  });

  it('takes PDF_FALLBACK_FONT only as the path of a font file', () => {
    expect(loadConfig({ PDF_FALLBACK_FONT: MATH_FONT }).PDF_FALLBACK_FONT).to.equal(MATH_FONT);
    expect(loadConfig({}).PDF_FALLBACK_FONT).to.equal(undefined);
    expect(() => loadConfig({ PDF_FALLBACK_FONT: '/nowhere/font.ttc' })).to.throw(ConfigError, /^Invalid configuration: PDF_FALLBACK_FONT: expected the path of a TrueType or OpenType font file \(\.ttf, \.otf or \.ttc\) that can be read \(got "\/nowhere\/font\.ttc"\)$/);
    expect(() => loadConfig({ PDF_FALLBACK_FONT: 'package.json' })).to.throw(ConfigError, /PDF_FALLBACK_FONT: expected the path of a TrueType or OpenType font file/);
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).to.throw(ConfigError, /JWT_SECRET: required in production/);
  });

  it('reads .env, and the environment wins over it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yava-env-'));
    writeFileSync(join(dir, '.env'), 'PORT=4100\nLOG_LEVEL=debug\n');
    const env = readEnv({ PORT: '4200' }, dir);
    const config = loadConfig(env);
    expect(config.PORT).to.equal(4200);
    expect(config.LOG_LEVEL).to.equal('debug');
  });

  describe('*_FILE variables (Docker and Kubernetes secrets)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yava-secrets-'));

    it('reads a variable from the file its _FILE names, without the trailing newline', () => {
      writeFileSync(join(dir, 'jwt'), 'a-secret-that-is-long-enough-for-production-use\n');
      writeFileSync(join(dir, 'db'), 'postgres://yava:pw@db:5432/yava');
      const config = loadConfig({ JWT_SECRET_FILE: join(dir, 'jwt'), DATABASE_URL_FILE: join(dir, 'db') });
      expect(config.JWT_SECRET).to.equal('a-secret-that-is-long-enough-for-production-use');
      expect(config.DATABASE_URL).to.equal('postgres://yava:pw@db:5432/yava');
    });

    it('validates what the file holds like any other value, without echoing it', () => {
      writeFileSync(join(dir, 'short'), 'too-short');
      expect(() => loadConfig({ JWT_SECRET_FILE: join(dir, 'short') })).to.throw(ConfigError, /JWT_SECRET: expected at least 32 characters \(value hidden\)$/);
      writeFileSync(join(dir, 'port'), 'abc\n');
      expect(() => loadConfig({ PORT_FILE: join(dir, 'port') })).to.throw(ConfigError, /PORT: expected a whole number/);
    });

    it('names the variable when the file cannot be read or both forms are set', () => {
      expect(() => loadConfig({ JWT_SECRET_FILE: join(dir, 'missing') })).to.throw(ConfigError, /JWT_SECRET_FILE: cannot read .*missing \(ENOENT\)/);
      writeFileSync(join(dir, 'redis'), 'redis://127.0.0.1:6379');
      expect(() => loadConfig({ REDIS_URL: 'redis://x', REDIS_URL_FILE: join(dir, 'redis') })).to.throw(ConfigError, /REDIS_URL_FILE: set either REDIS_URL or REDIS_URL_FILE, not both/);
    });
  });
});

describe('the documented configuration', () => {
  it('.env.example lists every variable the configuration reads, and the README names each', async () => {
    const { readFileSync } = await import('node:fs');
    const { CONFIG_VARIABLES } = await import('../../core/config.js');
    const example = readFileSync('.env.example', 'utf8');
    const readme = readFileSync('README.md', 'utf8');
    expect(CONFIG_VARIABLES.length).to.be.greaterThan(50);
    expect(CONFIG_VARIABLES.filter((v) => !new RegExp(`^#? ?${v}=`, 'm').test(example)), 'missing from .env.example').to.deep.equal([]);
    expect(CONFIG_VARIABLES.filter((v) => !readme.includes(v)), 'missing from README.md').to.deep.equal([]);
  });
});
