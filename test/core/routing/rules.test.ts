import { expect } from 'chai';
import { describeCondition, evaluateRules, formDefinitionSchema, validateAnswers, type FormDefinition } from '../../../core/routing/rules.js';

/** Three rules (a range with all, a choice with any, a contains) and the fallback. */
const SALES_FORM = formDefinitionSchema.parse({
  questions: [
    { id: 'email', label: 'Work email', type: 'email' },
    { id: 'size', label: 'Company size', type: 'number' },
    { id: 'country', label: 'Country', type: 'choice', options: ['DE', 'FR', 'US', 'Other'] },
    { id: 'needs', label: 'What do you need?', type: 'text', required: false },
  ],
  rules: [
    { name: 'Enterprise', when: { all: [{ question: 'size', range: { min: 500 } }, { any: [{ question: 'country', equals: 'DE' }, { question: 'country', equals: 'FR' }] }] }, route: { type: 'event_type', eventType: 'enterprise-demo' } },
    { name: 'US', when: { question: 'country', equals: 'us' }, route: { type: 'member', username: 'us-rep', eventType: 'intro' } },
    { name: 'Students', when: { any: [{ question: 'needs', contains: 'thesis' }, { question: 'size', range: { max: 1 } }] }, route: { type: 'refuse', message: 'We only work with companies, sorry.' } },
  ],
  fallback: { type: 'url', url: 'https://example.org/contact' },
}) as FormDefinition;

describe('core/routing/rules', () => {
  const table: Array<[string, Record<string, string>, string, number | null]> = [
    ['big German company', { email: 'A@Corp.de', size: '800', country: 'DE' }, 'event_type:enterprise-demo', 0],
    ['big French company at the boundary', { email: 'b@corp.fr', size: '500', country: 'FR', needs: 'a thesis' }, 'event_type:enterprise-demo', 0],
    ['big US company (rule 1 fails on country)', { email: 'c@corp.us', size: '900', country: 'US' }, 'member:us-rep', 1],
    ['a student (contains, any case)', { email: 'd@uni.edu', size: '20', country: 'Other', needs: 'Help with my THESIS' }, 'refuse', 2],
    ['a freelancer (range max)', { email: 'e@me.io', size: '1', country: 'DE' }, 'refuse', 2],
    ['a mid-size German company: fallback', { email: 'f@mid.de', size: '499', country: 'DE' }, 'url:https://example.org/contact', null],
  ];
  for (const [name, raw, expected, ruleIndex] of table) {
    it(`routes ${name} to ${expected}`, () => {
      const checked = validateAnswers(SALES_FORM.questions, raw);
      if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
      const decision = evaluateRules(SALES_FORM, checked.answers, null);
      const r = decision.route;
      const got = r.type === 'event_type' ? `event_type:${r.eventType}` : r.type === 'member' ? `member:${r.username}` : r.type === 'url' ? `url:${r.url}` : 'refuse';
      expect(got).to.equal(expected);
      expect(decision.ruleIndex).to.equal(ruleIndex);
      expect(decision.reason).to.match(ruleIndex === null ? /^fallback/ : new RegExp(`^rule ${ruleIndex + 1} `));
    });
  }

  it('explains the rule that matched in words', () => {
    const decision = evaluateRules(SALES_FORM, { size: 800, country: 'DE', email: 'a@b.de' }, null);
    expect(decision.reason).to.equal('rule 1 "Enterprise": size in 500..∞ and (country = "DE" or country = "FR")');
    expect(describeCondition({ question: 'size', range: { max: 1 } })).to.equal('size in -∞..1');
  });

  it('uses the LLM label only through {label} conditions', () => {
    const form = { rules: [{ when: { label: 'sales' }, route: { type: 'url' as const, url: 'https://x.example/sales' } }], fallback: { type: 'refuse' as const, message: 'no' } };
    expect(evaluateRules(form, {}, 'Sales').ruleIndex).to.equal(0);
    expect(evaluateRules(form, {}, null).ruleIndex).to.equal(null);
  });

  it('validates answers per type: required, number, email, choice', () => {
    const bad = validateAnswers(SALES_FORM.questions, { email: 'nope', size: 'many', country: 'XX' });
    expect(bad.ok).to.equal(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => e.field)).to.deep.equal(['email', 'size', 'country']);
    expect(validateAnswers(SALES_FORM.questions, {}).ok).to.equal(false);
    const good = validateAnswers(SALES_FORM.questions, { email: ' X@Y.io ', size: 3, country: 'US' });
    expect(good).to.deep.equal({ ok: true, answers: { email: 'x@y.io', size: 3, country: 'US' } });
  });

  it('takes number answers only as plain decimals: sign, digits, a decimal part; no hex, exponent or separators', () => {
    const size = (value: unknown) => {
      const checked = validateAnswers([{ id: 'size', label: 'Size', type: 'number', required: true }], { size: value });
      return checked.ok ? checked.answers.size : 'refused';
    };
    const table: Array<[unknown, number | 'refused']> = [
      ['250', 250], [' 2.5 ', 2.5], ['-3', -3], ['+7', 7], ['007', 7], [1e21, 1e21], [0.5, 0.5],
      ['0x200', 'refused'], ['0b11', 'refused'], ['0o17', 'refused'], ['1e3', 'refused'], ['1,000', 'refused'], ['1 000', 'refused'],
      ['.5', 'refused'], ['5.', 'refused'], ['Infinity', 'refused'], ['9'.repeat(400), 'refused'], ['NaN', 'refused'],
    ];
    for (const [value, expected] of table) expect(size(value), String(value)).to.equal(expected);
  });

  it('refuses definitions with unknown questions, duplicate ids, choices without options, no fallback', () => {
    const base = { questions: [{ id: 'a', label: 'A', type: 'text' }], fallback: { type: 'refuse', message: 'no' } };
    expect(formDefinitionSchema.safeParse(base).success).to.equal(true);
    expect(formDefinitionSchema.safeParse({ ...base, rules: [{ when: { question: 'b', equals: 'x' }, route: base.fallback }] }).success).to.equal(false);
    expect(formDefinitionSchema.safeParse({ ...base, questions: [...base.questions, ...base.questions] }).success).to.equal(false);
    expect(formDefinitionSchema.safeParse({ ...base, questions: [{ id: 'c', label: 'C', type: 'choice' }] }).success).to.equal(false);
    expect(formDefinitionSchema.safeParse({ questions: base.questions }).success).to.equal(false);
    expect(formDefinitionSchema.safeParse({ ...base, fallback: { type: 'url', url: 'javascript:alert(1)' } }).success).to.equal(false);
    expect(formDefinitionSchema.safeParse({ ...base, scoring: { question: 'a', labels: ['x', 'y'] } }).success).to.equal(true);
  });
});
