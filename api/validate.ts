import type { z } from 'zod';
import { DomainError, type FieldError } from '../core/errors.js';

/** Turns zod issues into field errors: `weekly.0.start: expected HH:MM`. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: [...issue.path, key].join('.'), message: 'unknown field' });
      continue;
    }
    out.push({ field: issue.path.length ? issue.path.join('.') : '(body)', message: issue.code === 'invalid_type' ? typeMessage(issue.message) : issue.message });
  }
  return out;
}

/**
 * zod's wording for a value of the wrong type, in plain words: "Invalid input: expected string,
 * received undefined" (a field left out) becomes "required (a string)"; other types "expected a
 * number, not a string". Schemas' own messages are kept.
 */
function typeMessage(message: string): string {
  const match = /^Invalid input: expected (\w+), received (\w+)$/.exec(message);
  if (!match) return message;
  const [, expected, received] = match as unknown as [string, string, string];
  const a = (type: string) => (type === 'undefined' || type === 'null' ? type : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`);
  return received === 'undefined' ? `required (${a(expected)})` : `expected ${a(expected)}, not ${a(received)}`;
}

/**
 * Parses one path parameter (`/api/hooks/:id`); a refusal names the parameter (`id`), where the
 * value was given, not "(body)". Throws validation_failed.
 */
export function parsePathParam<S extends z.ZodType>(schema: S, params: Record<string, string | undefined>, name: string): z.output<S> {
  const result = schema.safeParse(params[name]);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error).map((e) => ({ ...e, field: e.field === '(body)' ? name : `${name}.${e.field}` }));
  throw new DomainError('validation_failed', `The path parameter ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, { errors });
}

/** Parses input with a zod schema; throws validation_failed naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const errors = fieldErrors(result.error);
    throw new DomainError('validation_failed', `The ${what} is not valid: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, { errors });
  }
  return result.data;
}
