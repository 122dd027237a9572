import { expect } from 'chai';
import OpenAI from 'openai';
import { createLlmClientFromEnv, createLlmParser, parseRequestWithLlm } from '../../../core/nlp/index.js';
import { type FakeOpenAi, startFakeOpenAi } from '../../fakes/openai.js';

const options = { now: '2026-11-25T10:00:00+01:00', timezone: 'Europe/Berlin' };
// The rules find who and what, but no time: the words "when the sprint review wraps" mean nothing to them.
const TEXT = 'set something up with Dana for 30 minutes when the sprint review wraps';

function answer(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    action: 'book',
    whenPhrase: 'next Tuesday at 3pm',
    durationPhrase: '30 minutes',
    attendees: ['Dana'],
    title: null,
    recurrencePhrase: null,
    timezonePhrase: null,
    ...overrides,
  });
}

describe('parseRequestWithLlm', () => {
  let fake: FakeOpenAi;
  let warnings: Array<{ details: object; message: string }>;

  beforeEach(async () => {
    fake = await startFakeOpenAi();
    warnings = [];
  });
  afterEach(async () => {
    await fake.close();
  });

  function llm(timeoutMs = 300) {
    const client = new OpenAI({ apiKey: 'test', baseURL: `${fake.url}/v1`, maxRetries: 0, timeout: timeoutMs });
    return createLlmParser({
      client,
      model: 'fake-model',
      timeoutMs,
      logger: { warn: (details, message) => warnings.push({ details, message }) },
    });
  }

  it('fills the time the rules left open by resolving the phrase with the same code', async () => {
    fake.setBehaviour({ kind: 'tool', arguments: answer() });
    const intent = await parseRequestWithLlm(TEXT, options, llm());
    expect(intent.llm).to.deep.equal({ used: true });
    expect(intent.start).to.equal('2026-12-01T15:00:00.000+01:00');
    expect(intent.end).to.equal('2026-12-01T15:30:00.000+01:00');
    expect(intent.attendees).to.deep.equal([{ name: 'Dana' }]);
    expect(intent.missing).to.deep.equal([]);
    expect(warnings).to.have.length(0);
    const body = fake.requests[0] as { tools: Array<{ function: { strict: boolean; parameters: { required: string[] } } }> };
    expect(body.tools).to.have.length(1);
    expect(body.tools[0]?.function.strict).to.equal(true);
    expect(body.tools[0]?.function.parameters.required).to.include('whenPhrase');
  });

  it('does not call the LLM when the rules are confident and complete', async () => {
    fake.setBehaviour({ kind: 'tool', arguments: answer() });
    const intent = await parseRequestWithLlm('book 30 min with @bob tomorrow at 3pm', options, llm());
    expect(intent.llm).to.deep.equal({ used: false, reason: 'not_needed' });
    expect(fake.requests).to.have.length(0);
  });

  it('returns the rule result when no LLM is configured', async () => {
    const intent = await parseRequestWithLlm(TEXT, options, null);
    expect(intent.llm).to.deep.equal({ used: false, reason: 'not_configured' });
    expect(intent.start).to.equal(null);
    expect(intent.missing).to.deep.equal(['start']);
  });

  const failures: Array<[string, () => void, string]> = [
    ['malformed JSON arguments', () => fake.setBehaviour({ kind: 'tool', arguments: '{"action": "book", "whenPh' }), 'malformed_json'],
    ['arguments off the schema', () => fake.setBehaviour({ kind: 'tool', arguments: answer({ start: '2026-12-01T15:00' }) }), 'schema_mismatch'],
    ['a refusal', () => fake.setBehaviour({ kind: 'refusal', message: "I can't help with that." }), 'refusal'],
    ['a plain text answer', () => fake.setBehaviour({ kind: 'text', content: 'Tuesday?' }), 'no_tool_call'],
    ['HTTP 500', () => fake.setBehaviour({ kind: 'status', status: 500 }), 'http_500'],
    ['a slow server (timeout)', () => fake.setBehaviour({ kind: 'slow', delayMs: 2000, arguments: answer() }), 'timeout'],
    ['a computed date', () => fake.setBehaviour({ kind: 'tool', arguments: answer({ whenPhrase: '2026-12-01 15:00' }) }), 'computed_date'],
  ];
  for (const [name, arrange, reason] of failures) {
    it(`falls back to the rule result on ${name} and logs why`, async () => {
      arrange();
      const intent = await parseRequestWithLlm(TEXT, options, llm());
      expect(intent.llm).to.deep.equal({ used: false, reason });
      expect(intent.start).to.equal(null);
      expect(intent.attendees).to.deep.equal([{ name: 'Dana' }]);
      expect(intent.missing).to.deep.equal(['start']);
      expect(warnings).to.have.length(1);
      expect(warnings[0]?.message).to.equal('llm fallback');
      expect(warnings[0]?.details).to.include({ reason });
    });
  }

  it('falls back when the server is unreachable', async () => {
    const url = fake.url;
    await fake.close();
    const client = new OpenAI({ apiKey: 'test', baseURL: `${url}/v1`, maxRetries: 0, timeout: 300 });
    const parser = createLlmParser({ client, model: 'm', timeoutMs: 300, logger: { warn: (d, m) => warnings.push({ details: d, message: m }) } });
    const intent = await parseRequestWithLlm(TEXT, options, parser);
    expect(intent.llm).to.deep.equal({ used: false, reason: 'unreachable' });
    expect(warnings[0]?.details).to.include({ reason: 'unreachable' });
    fake = await startFakeOpenAi(); // afterEach closes it
  });

  it('keeps a blocking ambiguity even when the LLM answers', async () => {
    fake.setBehaviour({ kind: 'tool', arguments: answer({ whenPhrase: 'Friday 27 November at 3pm' }) });
    // Said on Wednesday 25 Nov: "next Friday" may be the 27th or 4 Dec.
    const intent = await parseRequestWithLlm('book 30 min with Dana next Friday', options, llm());
    expect(intent.llm?.used).to.equal(true);
    expect(intent.start).to.equal(null);
    expect(intent.missing).to.include('start');
  });
});

describe('createLlmClientFromEnv', () => {
  it('is null without OPENAI_API_KEY or OPENAI_BASE_URL', () => {
    expect(createLlmClientFromEnv({})).to.equal(null);
    expect(createLlmClientFromEnv({ OPENAI_MODEL: 'x' })).to.equal(null);
  });

  it('uses defaults and a placeholder key for a local base URL', () => {
    const config = createLlmClientFromEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' });
    expect(config?.model).to.equal('gpt-4o-mini');
    expect(config?.timeoutMs).to.equal(8000);
    expect(config?.client.apiKey).to.equal('not-needed');
    expect(config?.client.baseURL).to.equal('http://127.0.0.1:11434/v1');
    expect(config?.client.maxRetries).to.equal(0);
  });

  it('reads the model and timeout', () => {
    const config = createLlmClientFromEnv({ OPENAI_API_KEY: 'sk-test', OPENAI_MODEL: 'llama3.1', OPENAI_TIMEOUT_MS: '1500' });
    expect(config?.model).to.equal('llama3.1');
    expect(config?.timeoutMs).to.equal(1500);
    expect(config?.client.timeout).to.equal(1500);
  });
});
