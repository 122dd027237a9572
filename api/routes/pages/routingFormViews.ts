/** The public routing form: its questions, and the polite refusal when a rule says no. */
import type { RoutingForm } from '../../../core/routing/forms.js';
import type { Question } from '../../../core/routing/rules.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import { CSRF_FIELD } from './csrf.js';
import type { PageMeta } from './layout.js';
import { hiddenFields, layout, notice } from './views.js';

function field(q: Question, value: string | undefined): SafeHtml {
  const req = q.required ? html` required` : '';
  const name = `q_${q.id}`;
  if (q.type === 'choice') {
    return html`<div class="field"><label for="${name}">${q.label}</label><select id="${name}" name="${name}"${req}><option value="">Choose…</option>${q.options!.map((o) => html`<option value="${o}"${o === value ? html` selected` : ''}>${o}</option>`)}</select></div>`;
  }
  if (q.type === 'text') return html`<div class="field"><label for="${name}">${q.label}</label><textarea id="${name}" name="${name}" maxlength="5000"${req}>${value ?? ''}</textarea></div>`;
  const type = q.type === 'number' ? 'number' : 'email';
  return html`<div class="field"><label for="${name}">${q.label}</label><input id="${name}" name="${name}" type="${type}"${q.type === 'number' ? html` step="any"` : ''} value="${value ?? ''}"${req}></div>`;
}

export interface RoutingFormView {
  form: RoutingForm;
  action: string;
  csrf: string;
  values?: Record<string, string>;
  message?: SafeHtml;
  /** The fields the form passes on to where it routes (embed=1, the prefill, utm_*). */
  hidden?: Record<string, string>;
  meta?: PageMeta;
}

export function routingFormPage(view: RoutingFormView): string {
  const body = html`<h1>${view.form.title}</h1>
${view.message ?? ''}
<form class="card" method="post" action="${view.action}">
<input type="hidden" name="${CSRF_FIELD}" value="${view.csrf}">
${hiddenFields(view.hidden)}
${view.form.questions.map((q) => field(q, view.values?.[q.id]))}
<button type="submit">Continue</button>
</form>`;
  return layout(view.form.title, body, { meta: view.meta });
}

export function routingRefusalPage(title: string, message: string, meta?: PageMeta): string {
  return layout(title, html`<h1>${title}</h1>${notice('info', message)}`, { meta });
}
