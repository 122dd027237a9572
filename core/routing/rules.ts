/**
 * Routing forms, pure part: the definition (questions, ordered rules, an always-present
 * fallback), answer validation and rule evaluation. A rule is `{name?, when: condition, route}`;
 * conditions are a small JSON language:
 *   {all: [c, …]} · {any: [c, …]} · {question, equals} · {question, contains} ·
 *   {question, range: {min?, max?}} (inclusive) · {label} (the LLM label, when trusted).
 * Rules are tried in order; the first match wins, else the fallback.
 */
import { z } from 'zod';
import { isEmailAddress } from '../text.js';

const id = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and _, starting with a letter');

export const questionSchema = z
  .object({
    id,
    label: z.string().min(1).max(200),
    type: z.enum(['text', 'choice', 'number', 'email']),
    required: z.boolean().default(true),
    options: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
  })
  .strict()
  .refine((q) => (q.type === 'choice') === Boolean(q.options), { message: 'choice questions need options; other types take none' });

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { question: string; equals: string | number }
  | { question: string; contains: string }
  | { question: string; range: { min?: number; max?: number } }
  | { label: string };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ question: id, equals: z.union([z.string(), z.number()]) }).strict(),
    z.object({ question: id, contains: z.string().min(1) }).strict(),
    z
      .object({ question: id, range: z.object({ min: z.number().optional(), max: z.number().optional() }).strict() })
      .strict()
      .refine((c) => c.range.min !== undefined || c.range.max !== undefined, { message: 'a range needs min or max' }),
    z.object({ label: z.string().min(1) }).strict(),
  ]),
);

export const routeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event_type'), eventType: z.string().min(1) }).strict(),
  z.object({ type: z.literal('member'), username: z.string().min(1), eventType: z.string().min(1).optional() }).strict(),
  z.object({ type: z.literal('url'), url: z.string().url().refine((u) => /^https?:/.test(u), 'http(s) only') }).strict(),
  z.object({ type: z.literal('refuse'), message: z.string().min(1).max(1000) }).strict(),
]);
export type Route = z.infer<typeof routeSchema>;

export const ruleSchema = z.object({ name: z.string().max(100).optional(), when: conditionSchema, route: routeSchema }).strict();
export type Rule = z.infer<typeof ruleSchema>;

/** Optional LLM scoring of one free-text answer into one of `labels`, trusted at or above `threshold`. */
export const scoringSchema = z.object({ question: id, labels: z.array(z.string().min(1).max(50)).min(2).max(20), threshold: z.number().min(0).max(1).default(0.7) }).strict();
export type Scoring = z.infer<typeof scoringSchema>;

export const formDefinitionSchema = z
  .object({
    questions: z.array(questionSchema).min(1).max(50),
    rules: z.array(ruleSchema).max(100).default([]),
    fallback: routeSchema,
    scoring: scoringSchema.nullable().optional(),
  })
  .superRefine((form, ctx) => {
    const ids = new Set(form.questions.map((q) => q.id));
    if (ids.size !== form.questions.length) ctx.addIssue({ code: 'custom', path: ['questions'], message: 'question ids must be unique' });
    form.rules.forEach((rule, i) => {
      for (const q of questionsOf(rule.when)) if (!ids.has(q)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'when'], message: `unknown question "${q}"` });
    });
    const scored = form.scoring ? form.questions.find((q) => q.id === form.scoring!.question) : undefined;
    if (form.scoring && scored?.type !== 'text') ctx.addIssue({ code: 'custom', path: ['scoring', 'question'], message: 'must name a text question' });
  });
export type FormDefinition = z.infer<typeof formDefinitionSchema>;
export type Question = z.infer<typeof questionSchema>;

/** Validated answers: text/choice/email as strings, numbers as numbers; a skipped optional answer is absent. */
export type Answers = Record<string, string | number>;

function questionsOf(c: Condition): string[] {
  if ('all' in c) return c.all.flatMap(questionsOf);
  if ('any' in c) return c.any.flatMap(questionsOf);
  return 'question' in c ? [c.question] : [];
}

/**
 * A number as people type it: an optional sign, digits, an optional decimal part ("250", "-3",
 * "2.5"). Hex ("0x200"), exponents ("1e3"), separators ("1,000") and Infinity are refused:
 * Number() would read the first three as something the respondent did not mean.
 */
const PLAIN_DECIMAL = /^[+-]?\d+(?:\.\d+)?$/;

/** A number answer: a finite JSON number as it is, or a plain decimal string; else null. */
function numberAnswer(value: unknown, text: string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const n = PLAIN_DECIMAL.test(text) ? Number(text) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

/**
 * Checks raw answers (strings from a form, or JSON values) against the questions. A number
 * answer is a JSON number or a plain decimal string (see PLAIN_DECIMAL).
 * @returns the answers, or the field errors (`{field: questionId, message}`).
 * @example validateAnswers([{id: 'size', label: 'Size', type: 'number', required: true}], {size: '0x200'}) // → size: must be a number…
 */
export function validateAnswers(questions: Question[], raw: Record<string, unknown>): { ok: true; answers: Answers } | { ok: false; errors: Array<{ field: string; message: string }> } {
  const answers: Answers = {};
  const errors: Array<{ field: string; message: string }> = [];
  for (const q of questions) {
    const value = raw[q.id];
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
    if (!text) {
      if (q.required) errors.push({ field: q.id, message: 'required' });
      continue;
    }
    if (text.length > 5000) errors.push({ field: q.id, message: 'at most 5000 characters' });
    else if (q.type === 'number') {
      const n = numberAnswer(value, text);
      if (n !== null) answers[q.id] = n;
      else errors.push({ field: q.id, message: 'must be a number such as 250 or 2.5 (digits only, no separators)' });
    } else if (q.type === 'email') {
      if (isEmailAddress(text)) answers[q.id] = text.toLowerCase();
      else errors.push({ field: q.id, message: 'must be an email address' });
    } else if (q.type === 'choice' && !q.options!.includes(text)) errors.push({ field: q.id, message: `one of: ${q.options!.join(', ')}` });
    else answers[q.id] = text;
  }
  return errors.length ? { ok: false, errors } : { ok: true, answers };
}

const normal = (v: string | number) => String(v).trim().toLowerCase();

/** Whether the condition holds; text compares case-insensitively, ranges are inclusive. */
export function matchesCondition(c: Condition, answers: Answers, label: string | null): boolean {
  if ('all' in c) return c.all.every((x) => matchesCondition(x, answers, label));
  if ('any' in c) return c.any.some((x) => matchesCondition(x, answers, label));
  if ('label' in c) return label !== null && normal(label) === normal(c.label);
  const value = answers[c.question];
  if (value === undefined) return false;
  if ('equals' in c) return typeof value === 'number' && typeof c.equals === 'number' ? value === c.equals : normal(value) === normal(c.equals);
  if ('contains' in c) return normal(value).includes(normal(c.contains));
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && (c.range.min === undefined || n >= c.range.min) && (c.range.max === undefined || n <= c.range.max);
}

/** A condition in words, for the recorded reason: `size in 100..∞ and country = "de"`. */
export function describeCondition(c: Condition): string {
  if ('all' in c) return c.all.map((x) => ('any' in x ? `(${describeCondition(x)})` : describeCondition(x))).join(' and ');
  if ('any' in c) return c.any.map((x) => ('all' in x ? `(${describeCondition(x)})` : describeCondition(x))).join(' or ');
  if ('label' in c) return `scored as "${c.label}"`;
  if ('equals' in c) return `${c.question} = ${JSON.stringify(c.equals)}`;
  if ('contains' in c) return `${c.question} contains ${JSON.stringify(c.contains)}`;
  return `${c.question} in ${c.range.min ?? '-∞'}..${c.range.max ?? '∞'}`;
}

export interface RouteDecision {
  route: Route;
  /** Index of the rule that matched; null for the fallback. */
  ruleIndex: number | null;
  reason: string;
}

/**
 * The first rule whose condition holds decides; none → the fallback.
 * @example evaluateRules(form, {size: 250}, null) // {route: {type: 'event_type', …}, ruleIndex: 0, reason: 'rule 1 "Enterprise": size in 100..∞'}
 */
export function evaluateRules(form: Pick<FormDefinition, 'rules' | 'fallback'>, answers: Answers, label: string | null): RouteDecision {
  for (const [i, rule] of form.rules.entries()) {
    if (matchesCondition(rule.when, answers, label)) {
      return { route: rule.route, ruleIndex: i, reason: `rule ${i + 1}${rule.name ? ` "${rule.name}"` : ''}: ${describeCondition(rule.when)}` };
    }
  }
  return { route: form.fallback, ruleIndex: null, reason: form.rules.length ? 'fallback: no rule matched' : 'fallback: the form has no rules' };
}
