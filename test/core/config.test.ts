import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, readEnv } from '../../core/config.js';

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
});
