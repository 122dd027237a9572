import { expect } from 'chai';
import OpenAI from 'openai';
import { scoreAnswer } from '../../../core/routing/scoring.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../fakes/openai.js';

describe('core/routing/scoring (LLM labels against a fake OpenAI server)', () => {
  let fake: FakeOpenAi;
  let llm: { client: OpenAI; model: string; timeoutMs: number };
  const scoring = { question: 'needs', labels: ['sales', 'support'], threshold: 0.7 };
  const answers = { needs: 'We want to buy 300 seats' };
  const warnings: string[] = [];
  const logger = { warn: (d: object) => warnings.push(JSON.stringify(d)) };

  before(async () => {
    fake = await startFakeOpenAi();
    llm = { client: new OpenAI({ apiKey: 'k', baseURL: `${fake.url}/v1`, maxRetries: 0 }), model: 'fake', timeoutMs: 300 };
  });
  after(() => fake.close());

  it('uses a known label at or above the threshold, and sends the labels and the answer', async () => {
    fake.setBehaviour({ kind: 'tool', arguments: JSON.stringify({ label: 'sales', confidence: 0.9 }) });
    const out = await scoreAnswer(llm, scoring, answers, logger);
    expect(out).to.deep.equal({ label: 'sales', detail: { used: true, label: 'sales', confidence: 0.9 } });
    expect(JSON.stringify(fake.requests.at(-1))).to.include('300 seats').and.include('report_label');
  });

  it('ignores a label under the threshold', async () => {
    fake.setBehaviour({ kind: 'tool', arguments: JSON.stringify({ label: 'sales', confidence: 0.5 }) });
    expect((await scoreAnswer(llm, scoring, answers, logger)).label).to.equal(null);
  });

  const failures: Array<[string, Parameters<FakeOpenAi['setBehaviour']>[0], string]> = [
    ['malformed JSON', { kind: 'tool', arguments: '{"label": "sales", "confid' }, 'malformed_json'],
    ['off-schema', { kind: 'tool', arguments: JSON.stringify({ label: 'sales', confidence: 7 }) }, 'schema_mismatch'],
    ['an unknown label', { kind: 'tool', arguments: JSON.stringify({ label: 'billing', confidence: 0.99 }) }, 'unknown_label'],
    ['a slow answer', { kind: 'slow', delayMs: 2000, arguments: JSON.stringify({ label: 'sales', confidence: 0.9 }) }, 'timeout'],
    ['a failing server', { kind: 'status', status: 500 }, 'http_500'],
    ['plain text', { kind: 'text', content: 'sales' }, 'no_tool_call'],
    ['a refusal', { kind: 'refusal', message: 'no' }, 'refusal'],
  ];
  for (const [name, behaviour, reason] of failures) {
    it(`falls back on ${name} (${reason})`, async () => {
      fake.setBehaviour(behaviour);
      const out = await scoreAnswer(llm, scoring, answers, logger);
      expect(out).to.deep.equal({ label: null, detail: { used: false, reason } });
      expect(warnings.at(-1)).to.include(reason);
    });
  }

  it('does not ask without an LLM, without scoring or without an answer', async () => {
    const before = fake.requests.length;
    expect((await scoreAnswer(null, scoring, answers)).detail.reason).to.equal('not_configured');
    expect((await scoreAnswer(llm, null, answers)).detail.reason).to.equal('no_scoring');
    expect((await scoreAnswer(llm, scoring, {})).detail.reason).to.equal('no_answer');
    expect(fake.requests.length).to.equal(before);
  });
});
