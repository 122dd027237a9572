import { Flags, type Command } from '@oclif/core';
import type { FastCommandSpec, FastFlag } from './fastArgv.js';

type AnyFlag = Record<string, unknown> & { type: string; parse?: (...a: never[]) => unknown };

// Integer flags share oclif's parse function; a string flag's is the identity, written anew per flag.
const INTEGER_PARSE = Flags.integer().parse;
const STRING_PARSE = Flags.string().parse.toString();
/** What cli/fastArgv.ts does not read; a flag with any of these leaves its command to oclif. */
const UNSUPPORTED = ['char', 'aliases', 'charAliases', 'multiple', 'options', 'relationships', 'required', 'allowNo', 'delimiter', 'deprecated', 'deprecateAliases', 'combinable'];

function describeFlag(id: string, name: string, flag: AnyFlag): FastFlag {
  const refuse = (why: string): never => {
    throw new Error(`yava ${id} --${name} ${why}, which bin/run.js's fast path does not read: take "${id}" out of FAST_ACTIONS (cli/fastPath.ts) or teach cli/fastArgv.ts`);
  };
  const used = UNSUPPORTED.find((key) => flag[key] !== undefined && flag[key] !== false);
  if (used) refuse(`sets "${used}"`);
  if (typeof flag.default === 'function') refuse('has a computed default');
  const rules = { ...(flag.exclusive ? { exclusive: flag.exclusive as string[] } : {}), ...(flag.dependsOn ? { dependsOn: flag.dependsOn as string[] } : {}) };
  const env = typeof flag.env === 'string' ? { env: flag.env } : {};
  const withDefault = flag.default !== undefined ? { default: flag.default } : {};
  if (flag.type === 'boolean') {
    if (flag.default !== undefined || flag.env !== undefined) refuse('has a default or an environment variable');
    return { type: 'boolean', ...rules };
  }
  if (flag.parse === INTEGER_PARSE) {
    const bounds = { ...(typeof flag.min === 'number' ? { min: flag.min } : {}), ...(typeof flag.max === 'number' ? { max: flag.max } : {}) };
    return { type: 'integer', ...(withDefault as { default?: number }), ...bounds, ...env, ...rules };
  }
  if (flag.parse?.toString() === STRING_PARSE) return { type: 'string', ...(withDefault as { default?: string }), ...env, ...rules };
  return refuse('is neither a boolean, a string nor an integer flag');
}

/**
 * A command's flags and arguments as plain data for bin/run.js's fast path, from the command
 * class's own static definitions (one definition of each flag). Throws for what the fast path
 * cannot read faithfully (short flags, options lists, required values, custom parsers, …).
 */
export function describeCommand(id: string, cmd: typeof Command & { fieldNames?: Record<string, string> }): FastCommandSpec {
  const all: Record<string, AnyFlag> = { ...(cmd.baseFlags as Record<string, AnyFlag>), ...(cmd.flags as Record<string, AnyFlag>) };
  if (cmd.enableJsonFlag) all.json = Flags.boolean() as unknown as AnyFlag;
  const flags = Object.fromEntries(Object.entries(all).map(([name, flag]) => [name, describeFlag(id, name, flag)]));
  const args = Object.entries(cmd.args ?? {}).map(([name, arg]) => {
    if (arg.required || arg.options || arg.multiple || arg.default !== undefined) throw new Error(`yava ${id} <${name}> is required, has options or a default, which bin/run.js's fast path does not read`);
    return name;
  });
  if (cmd.strict === false) throw new Error(`yava ${id} takes any arguments (strict = false), which bin/run.js's fast path does not read`);
  return { flags, args, fieldNames: { ...cmd.fieldNames }, ownFlags: Object.keys(cmd.flags ?? {}) };
}
