import type { Hook } from '@oclif/core';
import { EXIT } from '../exitCodes.js';

/**
 * `yava mail 7` reaches oclif as the command "mail:7". Instead of "command mail:7 not found",
 * say which part is the command, that it takes no such argument, and what to type instead.
 */
const commandNotFound: Hook<'command_not_found'> = async function ({ id, argv }) {
  const fail = (lines: string[]): void => {
    // One plain message, as every other usage error prints (and the --json error shape).
    if (argv?.includes('--json')) process.stdout.write(`${JSON.stringify({ error: { code: 'usage', message: lines[0]!.replace(/, for example:$/, '.'), exitCode: EXIT.usage } }, null, 2)}\n`);
    process.stderr.write(`Error: ${lines.join('\n')}\n`);
    this.exit(EXIT.usage);
  };
  const parts = id.split(':');
  for (let n = parts.length - 1; n > 0; n -= 1) {
    const command = this.config.findCommand(parts.slice(0, n).join(':'));
    if (!command) continue;
    const name = `${this.config.bin} ${command.id.replace(/:/g, ' ')}`;
    const examples = (command.examples ?? [])
      .map((e) => (typeof e === 'string' ? e : e.command).replace(/<%= config.bin %>/g, this.config.bin))
      .slice(0, 3);
    const lines = [`"${name}" takes no argument "${parts.slice(n).join(' ')}". Type "${name} --help" for its flags${examples.length ? ', for example:' : '.'}`, ...examples.map((e) => `  ${e}`)];
    fail(lines);
  }
  fail([`There is no command "${this.config.bin} ${parts.join(' ')}". Type "${this.config.bin} help" for the list.`]);
};

export default commandNotFound;
