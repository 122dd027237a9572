import { expect } from 'chai';
import { z } from 'zod';
import { fieldErrors, parseInput } from '../../api/validate.js';

describe('api/validate', () => {
  const schema = z.object({ invitee: z.object({ name: z.string(), email: z.string(), seats: z.number().optional() }).strict() }).strict();
  const errorsOf = (input: unknown) => {
    const result = schema.safeParse(input);
    expect(result.success).to.equal(false);
    return fieldErrors((result as { error: z.ZodError }).error);
  };

  it('says a left-out field is required, and names the type it takes', () => {
    expect(errorsOf({ invitee: { name: 'Ada' } })).to.deep.equal([{ field: 'invitee.email', message: 'required (a string)' }]);
  });

  it('says which type a field takes and which it was given', () => {
    expect(errorsOf({ invitee: { name: 'Ada', email: 'a@x.org', seats: 'two' } })).to.deep.equal([{ field: 'invitee.seats', message: 'expected a number, not a string' }]);
    expect(errorsOf({ invitee: { name: 7, email: 'a@x.org' } })[0]!.message).to.equal('expected a string, not a number');
  });

  it('names unknown fields, and keeps a schema’s own messages', () => {
    expect(errorsOf({ invitee: { name: 'Ada', email: 'a@x.org', extra: 1 } })).to.deep.equal([{ field: 'invitee.extra', message: 'unknown field' }]);
    const own = z.object({ email: z.string().email({ message: 'expected an email address' }) });
    expect(() => parseInput(own, { email: 'nope' })).to.throw('The request body is not valid: email: expected an email address');
  });
});
