import type { Readable, Writable } from 'node:stream';

/**
 * The process's terminal, in one place so tests can swap in a pseudo-terminal: prompts
 * read `input` and draw on `promptOutput` (stderr, so stdout stays data), spinners draw on
 * `spinnerOutput`.
 */
export interface Terminal {
  input: Readable;
  promptOutput: Writable;
  spinnerOutput: Writable & { isTTY?: boolean };
  /** Whether prompts may be shown (stdin is a TTY). */
  isInteractive(): boolean;
  /** Whether stdout is a terminal (colour, wide tables). */
  stdoutIsTTY(): boolean;
}

const processTerminal = (): Terminal => ({
  input: process.stdin,
  promptOutput: process.stderr,
  spinnerOutput: process.stderr,
  isInteractive: () => Boolean(process.stdin.isTTY),
  stdoutIsTTY: () => Boolean(process.stdout.isTTY),
});

// Kept on globalThis so a test and the commands it runs share it even if a loader
// instantiates this module twice.
const KEY = Symbol.for('yava.cli.terminal');
const holder = globalThis as unknown as { [KEY]?: Terminal };

/** The current terminal. */
export const terminal: Terminal = {
  get input() {
    return (holder[KEY] ?? processTerminal()).input;
  },
  get promptOutput() {
    return (holder[KEY] ?? processTerminal()).promptOutput;
  },
  get spinnerOutput() {
    return (holder[KEY] ?? processTerminal()).spinnerOutput;
  },
  isInteractive: () => (holder[KEY] ?? processTerminal()).isInteractive(),
  stdoutIsTTY: () => (holder[KEY] ?? processTerminal()).stdoutIsTTY(),
};

/** Replaces the terminal (tests); returns a function that restores the previous one. */
export function useTerminal(replacement: Partial<Terminal>): () => void {
  const previous = holder[KEY];
  holder[KEY] = { ...(previous ?? processTerminal()), ...replacement };
  return () => {
    holder[KEY] = previous;
  };
}

/** Colour only on a TTY, never with NO_COLOR (any value) or TERM=dumb. */
export function colourEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return terminal.stdoutIsTTY();
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39], magenta: [35, 39], cyan: [36, 39], gray: [90, 39] } as const;
export type Style = keyof typeof CODES;

export interface Painter {
  (style: Style, text: string): string;
  enabled: boolean;
}

export function createPainter(enabled: boolean): Painter {
  const paint = ((style: Style, text: string) => (enabled ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text)) as Painter;
  paint.enabled = enabled;
  return paint;
}

/**
 * Runs `work`, showing a spinner on stderr only if it takes longer than `delayMs`
 * (and stderr is a terminal), so quick calls never flicker.
 */
export async function withSpinner<T>(label: string, work: Promise<T>, delayMs = 300): Promise<T> {
  const out = terminal.spinnerOutput;
  if (!out.isTTY || process.env.NO_SPINNER) return work;
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let frame = 0;
  let interval: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    interval = setInterval(() => {
      out.write(`\r${frames[frame++ % frames.length]} ${label}`);
    }, 80);
  }, delayMs);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
    if (interval) {
      clearInterval(interval);
      out.write('\r\u001b[2K');
    }
  }
}
