import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from './errors.js';
import { EXIT } from './exitCodes.js';
import { linkTargetOf } from './outputFile.js';

/** What `yava login` remembers. The token is a personal access token (`yava_pat_…`). */
export interface StoredConfig {
  server?: string;
  token?: string;
  tokenId?: string;
  email?: string;
  username?: string;
}

export const DEFAULT_SERVER = 'http://127.0.0.1:3000';

/** `$XDG_CONFIG_HOME/yava/config.json`, falling back to `~/.config/yava/config.json`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'yava', 'config.json');
}

export function readStoredConfig(env: NodeJS.ProcessEnv = process.env): StoredConfig {
  const file = configPath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(`Could not read ${file}: ${(error as Error).message}`, { exit: EXIT.failure, code: 'config_unreadable' });
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as StoredConfig) : {};
  } catch {
    throw new CliError(`${file} is not valid JSON; fix it or delete it and run \`yava login\` again`, { exit: EXIT.failure, code: 'config_unreadable' });
  }
}

/**
 * Writes the config atomically, readable by the owner only (0600; its folder 0700). A config
 * that is a symbolic link (dotfiles kept in a repository) has its target written; the link stays.
 */
export function writeStoredConfig(config: StoredConfig, env: NodeJS.ProcessEnv = process.env): string {
  const file = configPath(env);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const target = linkTargetOf(file);
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, target);
  return file;
}

export function removeStoredConfig(env: NodeJS.ProcessEnv = process.env): void {
  rmSync(configPath(env), { force: true });
}

/**
 * A server URL as stored and sent: a scheme (http:// when none), lower-case host, no default
 * port, no trailing slash. "LOCALHOST:3000/" → "http://localhost:3000".
 */
export const normalizeServer = (url: string): string => {
  const trimmed = url.trim().replace(/\/+$/, '');
  const withScheme = /^https?:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  try {
    const u = new URL(withScheme);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return withScheme;
  }
};

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether two server URLs reach the same server: `localhost`, 127.0.0.1 and [::1] are one machine. */
export function isSameServer(a: string, b: string): boolean {
  const key = (url: string) => {
    try {
      const u = new URL(normalizeServer(url));
      const host = LOOPBACK.has(u.hostname) ? 'loopback' : u.hostname;
      return `${u.protocol}//${host}:${u.port}${u.pathname.replace(/\/+$/, '')}`;
    } catch {
      return normalizeServer(url);
    }
  };
  return key(a) === key(b);
}

export interface Connection {
  server: string;
  token?: string;
  /** Where the token came from, for messages. */
  tokenSource?: 'YAVA_TOKEN' | 'config';
}

/**
 * The server and token to use: `--server` / `YAVA_SERVER` and `YAVA_TOKEN` win over the
 * config file. A stored token is only sent to the server it was issued by.
 */
export function resolveConnection(serverFlag: string | undefined, env: NodeJS.ProcessEnv = process.env, stored: StoredConfig = readStoredConfig(env)): Connection {
  const server = normalizeServer(serverFlag || env.YAVA_SERVER || stored.server || DEFAULT_SERVER);
  if (env.YAVA_TOKEN) return { server, token: env.YAVA_TOKEN, tokenSource: 'YAVA_TOKEN' };
  if (stored.token && (!stored.server || isSameServer(stored.server, server))) return { server, token: stored.token, tokenSource: 'config' };
  return { server };
}
