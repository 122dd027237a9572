import { Flags } from '@oclif/core';
import { BaseCommand } from '../baseCommand.js';

export default class Serve extends BaseCommand<typeof Serve> {
  static override summary = 'Run the Yava API server (embedded database unless DATABASE_URL is set).';
  static override description =
    'The same as `npm start`. Configuration comes from the environment and .env (see .env.example). Stops cleanly on Ctrl-C or SIGTERM (drains first). On PostgreSQL run any number of `--role api` processes behind a load balancer and any number of `--role worker` processes for the outbox and periodic jobs.';
  static override examples = [
    '<%= config.bin %> serve',
    '<%= config.bin %> serve --port 4000 --demo',
    'DATABASE_URL=postgres://localhost/yava <%= config.bin %> serve --role api',
    'DATABASE_URL=postgres://localhost/yava <%= config.bin %> serve --role worker',
  ];
  static override enableJsonFlag = false;
  static override flags = {
    port: Flags.integer({ description: 'Port to listen on (default: PORT, else 3000).', min: 0, max: 65535 }),
    demo: Flags.boolean({ description: 'Add the demo user and event types (demo@yava.local / yava-demo-password).' }),
    role: Flags.string({
      description: 'api: HTTP only; worker: outbox dispatcher and periodic jobs only (plus /health, /ready, /metrics); all: both.',
      options: ['api', 'worker', 'all'],
      default: 'all',
    }),
  };

  async run(): Promise<void> {
    const { main } = await import('../../server/main.js');
    await main([...(this.flags.port !== undefined ? ['--port', String(this.flags.port)] : []), ...(this.flags.demo ? ['--demo'] : []), '--role', this.flags.role]);
  }
}
