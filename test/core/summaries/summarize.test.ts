import { expect } from 'chai';
import OpenAI from 'openai';
import { summarizeTranscript } from '../../../core/summaries/summarize.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../fakes/openai.js';

const TRANSCRIPT = 'Ann: The release is blocked by the payment bug.\nAnn: We decided to ship on Friday.\nCara: I will fix the payment bug by Wednesday.';

describe('core/summaries/summarize (LLM against a fake OpenAI server, TextRank fallback)', () => {
  let fake: FakeOpenAi;
  let llm: { client: OpenAI; model: string; timeoutMs: number };
  before(async () => {
    fake = await startFakeOpenAi();
    llm = { client: new OpenAI({ apiKey: 'k', baseURL: `${fake.url}/v1`, maxRetries: 0 }), model: 'fake', timeoutMs: 300 };
  });
  after(() => fake.close());

  it('takes a valid LLM answer and sends the transcript with speakers', async () => {
    const answer = { summary: 'The release moves to Friday.', decisions: ['Ship on Friday'], actionItems: [{ text: 'Fix the payment bug', owner: 'Cara', due: 'Wednesday' }] };
    fake.setBehaviour({ kind: 'tool', arguments: JSON.stringify(answer) });
    const out = await summarizeTranscript(TRANSCRIPT, 'text', { llm });
    expect(out).to.deep.include({ method: 'llm', llmFallbackReason: null, summary: answer.summary, decisions: answer.decisions, actionItems: answer.actionItems });
    expect(JSON.stringify(fake.requests.at(-1))).to.include('Cara: I will fix the payment bug').and.include('report_meeting_summary');
  });

  const offline = { decisions: ['We decided to ship on Friday.'], actionItems: [{ text: 'I will fix the payment bug by Wednesday.', owner: 'Cara', due: 'by Wednesday' }] };
  const failures: Array<[string, Parameters<FakeOpenAi['setBehaviour']>[0], string]> = [
    ['malformed JSON', { kind: 'tool', arguments: '{"summary": "x", "decis' }, 'malformed_json'],
    ['an empty summary', { kind: 'tool', arguments: JSON.stringify({ summary: ' ', decisions: [], actionItems: [] }) }, 'schema_mismatch'],
    ['extra fields', { kind: 'tool', arguments: JSON.stringify({ summary: 'x', decisions: [], actionItems: [], sentiment: 'happy' }) }, 'schema_mismatch'],
    ['a slow answer', { kind: 'slow', delayMs: 2000, arguments: '{}' }, 'timeout'],
    ['a failing server', { kind: 'status', status: 502 }, 'http_502'],
    ['text instead of a tool call', { kind: 'text', content: 'Here is your summary' }, 'no_tool_call'],
  ];
  for (const [name, behaviour, reason] of failures) {
    it(`falls back to TextRank on ${name} (${reason})`, async () => {
      fake.setBehaviour(behaviour);
      const out = await summarizeTranscript(TRANSCRIPT, undefined, { llm });
      expect(out).to.deep.include({ method: 'extractive', llmFallbackReason: reason, ...offline });
      expect(out.summary).to.include('payment bug');
    });
  }

  it('summarises offline without an LLM', async () => {
    const out = await summarizeTranscript(TRANSCRIPT, 'text', { llm: null });
    expect(out).to.deep.include({ method: 'extractive', llmFallbackReason: 'not_configured', ...offline });
  });
});
