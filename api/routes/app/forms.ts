/**
 * What the dashboard's forms share: the CSRF field, the "Saved." notice, and validation errors
 * shown beside the field they name (aria-invalid + aria-describedby), so a refused form comes
 * back with everything typed still in it.
 */
import { isDomainError, type DomainError, type ErrorCode, type FieldError } from '../../../core/errors.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import type { AppContext } from '../../context.js';
import { csrfToken } from '../pages/csrf.js';
import { notice, type AppRouteDeps } from './shared.js';

/** Field name → message ('' for an error that names no field). */
export type FormErrors = Map<string, string>;

export const csrfField = (ctx: AppContext, deps: AppRouteDeps): SafeHtml => html`<input type="hidden" name="_csrf" value="${csrfToken(ctx, deps.csrf)}">`;

/** The ` checked` attribute of a checkbox or radio that is on. */
export const checked = (on: boolean): SafeHtml | string => (on ? html` checked` : '');

export const saved = (ctx: AppContext): SafeHtml | string => (ctx.query.saved ? notice('ok', 'Saved.') : '');

/**
 * The field errors of a validation_failed error, or of an error whose code is in `also` (a refusal
 * of what was typed, such as slug_taken: its own message, which says what to do, goes beside each
 * field it names); any other error is thrown again. An error that names no field is under ''.
 */
export function formErrorsOf(error: unknown, also: readonly ErrorCode[] = []): FormErrors {
  if (!isDomainError(error) || (error.code !== 'validation_failed' && !also.includes(error.code))) throw error;
  return fieldErrorsOf(error, error.code === 'validation_failed' ? 'field' : 'error');
}

/**
 * The fields a domain error names, each with its own message (`field`) or with the error's message
 * (`error`); the error's message alone (under '') when it names none.
 */
export function fieldErrorsOf(error: DomainError, wording: 'field' | 'error' = 'field'): FormErrors {
  const errors: FormErrors = new Map();
  const messageOf = (e: FieldError) => (wording === 'field' ? e.message : error.message);
  for (const e of error.errors) errors.set(e.field, errors.has(e.field) ? `${errors.get(e.field)}; ${messageOf(e)}` : messageOf(e));
  if (!errors.size) errors.set('', error.message);
  return errors;
}

/** The attributes that tie an input (`id`) to its error message, when `field` has one. */
export function invalidAttrs(errors: FormErrors | undefined, field: string, id: string): SafeHtml | string {
  return errors?.has(field) ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
}

/** The message under the input `id`, when `field` has one. */
export function fieldError(errors: FormErrors | undefined, field: string, id: string): SafeHtml | string {
  const message = errors?.get(field);
  // Core's messages continue a field name ("start: expected HH:MM"); alone under a field they open a sentence.
  return message ? html`<p class="field-error" id="${id}-error">${message.charAt(0).toUpperCase()}${message.slice(1)}</p>` : '';
}

/** An alert above a refused form: nothing was saved (or `outcome`), and where to look. */
export function errorSummary(errors: FormErrors | undefined, outcome = 'Nothing was saved'): SafeHtml | string {
  if (!errors?.size) return '';
  const general = errors.get('');
  return notice('error', general ?? `${outcome}: ${errors.size === 1 ? 'one field needs' : `${errors.size} fields need`} a change (marked below).`);
}
