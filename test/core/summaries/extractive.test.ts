import { expect } from 'chai';
import { contentWords, extractDecisionsAndActions, summarizeExtractive, textRank } from '../../../core/summaries/extractive.js';
import { parseTranscript, splitSentences } from '../../../core/summaries/transcript.js';

const MEETING = `Ann: Good morning everyone.
Bob: Morning! The weather is lovely today.
Ann: The mobile release is blocked by the payment bug in checkout.
Cara: The payment bug in checkout only happens on Android devices.
Bob: Fixing the payment bug on Android delays the mobile release by two days.
Ann: We decided to move the mobile release to Friday.
Cara: I will fix the payment bug in checkout by Wednesday.
Bob: Dave needs to update the release notes before Friday.
Ann: Did anyone watch the game last night?
Bob: Thanks, bye.`;

describe('core/summaries/extractive', () => {
  const sentences = splitSentences(parseTranscript(MEETING));

  it('ranks the sentences that share the meeting\u2019s topic above small talk (TextRank)', () => {
    const scores = textRank(sentences.map((s) => contentWords(s.text)));
    const order = scores.map((score, i) => ({ score, text: sentences[i]!.text })).sort((a, b) => b.score - a.score);
    const smallTalk = ['Good morning everyone.', 'Morning!', 'The weather is lovely today.', 'Did anyone watch the game last night?', 'Thanks, bye.'];
    const topFive = order.slice(0, 5).map((o) => o.text);
    for (const t of smallTalk) expect(topFive).not.to.include(t);
    expect(order[0]!.text).to.match(/payment bug/);
    // A sentence that shares no word with any other keeps only the base score (1 - d) / n.
    expect(scores[0]).to.be.closeTo(0.15 / sentences.length, 1e-9);
  });

  it('keeps the best sentences in transcript order, deterministically', () => {
    const a = summarizeExtractive(sentences, { maxSentences: 2 });
    expect(a.highlights).to.have.length(2);
    expect(sentences.findIndex((s) => s.text === a.highlights[0])).to.be.lessThan(sentences.findIndex((s) => s.text === a.highlights[1]));
    expect(summarizeExtractive(sentences, { maxSentences: 2 })).to.deep.equal(a);
    expect(a.summary).to.equal(a.highlights.join(' '));
  });

  it('finds the decision and the action items with owners and due dates', () => {
    const { decisions, actionItems } = extractDecisionsAndActions(sentences);
    expect(decisions).to.deep.equal(['We decided to move the mobile release to Friday.']);
    expect(actionItems).to.deep.equal([
      { text: 'I will fix the payment bug in checkout by Wednesday.', owner: 'Cara', due: 'by Wednesday' },
      { text: 'Dave needs to update the release notes before Friday.', owner: 'Dave', due: 'before Friday' },
    ]);
  });

  it('returns an empty summary for an empty transcript', () => {
    expect(summarizeExtractive([])).to.deep.equal({ summary: '', highlights: [], decisions: [], actionItems: [] });
  });
});
