export type CommandName = 'help' | 'list' | 'cancel' | 'link' | 'slots' | 'request';

/** `/meet <text>`: the first word picks a subcommand; anything else is a request in plain words. */
export function parseCommand(text: string): { name: CommandName; args: string } {
  const trimmed = text.trim();
  if (!trimmed) return { name: 'help', args: '' };
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed)!;
  const word = match[1]!.toLowerCase();
  const args = match[2]!.trim();
  if (word === 'help' && !args) return { name: 'help', args };
  if (word === 'list' && !args) return { name: 'list', args };
  if (word === 'link' && !args) return { name: 'link', args };
  if (word === 'cancel') return { name: 'cancel', args };
  if (word === 'slots') return { name: 'slots', args };
  return { name: 'request', args: trimmed };
}
