import { BaseCommand } from '../baseCommand.js';
import { EXIT_CODE_HELP } from '../exitCodes.js';
import { renderTable } from '../format.js';

export default class ExitCodes extends BaseCommand<typeof ExitCodes> {
  static override summary = 'What each exit code of yava means.';
  static override examples = ['<%= config.bin %> exit-codes', '<%= config.bin %> exit-codes --json'];

  async run(): Promise<{ exitCodes: typeof EXIT_CODE_HELP }> {
    this.log(renderTable(['CODE', 'NAME', 'MEANING'], EXIT_CODE_HELP.map((e) => [String(e.code), e.name, e.meaning]), this.paint));
    return { exitCodes: EXIT_CODE_HELP };
  }
}
