/**
 * The command line of a command bin/run.js may run without oclif (cli/fastPath.ts), read with
 * that command's own flag definitions: `npm run build` writes them from the command class's
 * static flags (cli/fastSpec.ts) to dist/cli-bundle/fast-commands.json. Only what is certainly
 * valid is read here; anything else (help, an unknown or repeated flag, a bad value, `--`, a
 * short flag, a flag without the flag it needs) returns undefined, and oclif reads the line
 * instead, with its own messages and exit codes.
 */

interface FlagRules {
  /** Flags that may not be given with this one, and flags this one needs. */
  exclusive?: string[];
  dependsOn?: string[];
}
export type FastFlag = FlagRules &
  ({ type: 'boolean' } | { type: 'string'; default?: string; env?: string } | { type: 'integer'; default?: number; min?: number; max?: number; env?: string });

export interface FastCommandSpec {
  /** Every flag the command takes, base flags and `--json` included. */
  flags: Record<string, FastFlag>;
  /** Its positional arguments in order (all optional). */
  args: string[];
  /** How it names API fields in errors (`static fieldNames`), and its own flags (not the base ones). */
  fieldNames: Record<string, string>;
  ownFlags: string[];
}

export type FastValue = string | number | boolean;

export interface FastArgv {
  flags: Record<string, FastValue>;
  args: Record<string, string>;
}

const LONG_FLAG = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s;

/** One flag's value from the command line, or undefined when only oclif may judge it. */
function readValue(flag: FastFlag, value: string | undefined): FastValue | undefined {
  if (flag.type === 'boolean') return value === undefined ? true : undefined;
  if (value === undefined || value === '' || value.startsWith('-')) return undefined;
  if (flag.type === 'string') return value;
  if (!/^\d+$/.test(value)) return undefined;
  const n = Number.parseInt(value, 10);
  if ((flag.min !== undefined && n < flag.min) || (flag.max !== undefined && n > flag.max)) return undefined;
  return n;
}

/** `argv` (after the command's id) as flags and arguments, or undefined to leave it to oclif. */
export function parseFastArgv(spec: FastCommandSpec, argv: readonly string[], env: NodeJS.ProcessEnv = process.env): FastArgv | undefined {
  const flags: Record<string, FastValue> = {};
  const args: Record<string, string> = {};
  let positional = 0;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (!token.startsWith('-')) {
      const name = spec.args[positional++];
      if (name === undefined || token === '') return undefined;
      args[name] = token;
      continue;
    }
    const match = LONG_FLAG.exec(token);
    const flag = match ? spec.flags[match[1]!] : undefined;
    if (!match || !flag || match[1]! in flags) return undefined;
    const separate = flag.type !== 'boolean' && match[2] === undefined;
    const value = readValue(flag, separate ? argv[++i] : match[2]);
    if (value === undefined) return undefined;
    flags[match[1]!] = value;
  }
  for (const [name, flag] of Object.entries(spec.flags)) {
    if (name in flags || flag.type === 'boolean') continue;
    const fromEnv = flag.env ? env[flag.env] : undefined;
    if (fromEnv) {
      const value = readValue(flag, fromEnv);
      if (value === undefined) return undefined;
      flags[name] = value;
    } else if (flag.default !== undefined) flags[name] = flag.default;
  }
  for (const [name, flag] of Object.entries(spec.flags)) {
    if (!(name in flags)) continue;
    if (flag.exclusive?.some((other) => other in flags) || flag.dependsOn?.some((other) => !(other in flags))) return undefined;
  }
  return { flags, args };
}
