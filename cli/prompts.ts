import { Writable } from 'node:stream';
import { terminal } from './terminal.js';

/**
 * The inquirer prompts, bound to {@link terminal} (so tests drive them through a fake
 * TTY). Loaded on first use: most commands never prompt and should not pay for it.
 */
const context = () => ({ input: terminal.input, output: forwardTo(terminal.promptOutput), clearPromptOnDone: false });

/** A fresh stream per prompt: inquirer ends its output when done, and the terminal must outlive it. */
function forwardTo(target: Writable & { columns?: number; rows?: number; isTTY?: boolean }): Writable {
  const forward = new Writable({
    write(chunk, encoding, done) {
      target.write(chunk, encoding);
      done();
    },
  });
  return Object.assign(forward, { columns: target.columns ?? 80, rows: target.rows ?? 24, isTTY: target.isTTY });
}
const prompts = () => import('@inquirer/prompts');

export async function askInput(message: string, options: { default?: string; validate?: (value: string) => boolean | string } = {}): Promise<string> {
  const { input } = await prompts();
  return input({ message, default: options.default, validate: options.validate, required: true }, context());
}

export async function askPassword(message: string): Promise<string> {
  const { password } = await prompts();
  return password({ message, mask: '*', validate: (v) => (v.length > 0 ? true : 'Enter a password') }, context());
}

export async function askConfirm(message: string, fallback = true): Promise<boolean> {
  const { confirm } = await prompts();
  return confirm({ message, default: fallback }, context());
}

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

export async function askSelect<T>(message: string, choices: Array<Choice<T>>, pageSize = 10): Promise<T> {
  const { select } = await prompts();
  return select<T>({ message, choices, pageSize, loop: false }, context());
}
