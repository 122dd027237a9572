import { ApiCommand } from '../../baseCommand.js';
import { renderTable } from '../../format.js';

export interface RoutingFormSummary {
  id: string;
  slug: string;
  title: string;
  owner: string;
  questions: unknown[];
  rules: unknown[];
  fallback: { type: string };
}

export default class RoutingFormsList extends ApiCommand<typeof RoutingFormsList> {
  static override summary = 'List your routing forms (questions, rules and fallback on your booking link).';
  static override description = 'Each form is public at <server>/<username>/forms/<slug>.';
  static override examples = ['<%= config.bin %> routing-forms list', '<%= config.bin %> routing-forms list --json'];

  async run(): Promise<{ forms: RoutingFormSummary[] }> {
    const { forms } = await this.spin('Loading', this.client.get<{ forms: RoutingFormSummary[] }>('/api/routing-forms'));
    if (!forms.length) this.log('No routing forms yet: create one with POST /api/routing-forms (see the README).');
    else
      this.log(
        renderTable(
          ['SLUG', 'TITLE', 'QUESTIONS', 'RULES', 'FALLBACK', 'LINK'],
          forms.map((f) => [f.slug, f.title, String(f.questions.length), String(f.rules.length), f.fallback.type, `${this.client.server}/${f.owner}/forms/${f.slug}`]),
          this.paint,
        ),
      );
    return { forms };
  }
}
