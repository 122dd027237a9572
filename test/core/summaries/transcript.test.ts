import { expect } from 'chai';
import { detectFormat, parseTranscript, splitSentences } from '../../../core/summaries/transcript.js';

const VTT = `WEBVTT

NOTE recorded by Zoom
speaker names from the meeting

1
00:00:01.000 --> 00:00:04.000
<v Ann>We decided to ship on Friday.</v>

2
00:00:04.500 --> 00:00:07.000
<v Bob>I will update the changelog
by Thursday.

00:00:07.500 --> 00:00:09.000
<v.loud Bob><c.yellow>Sounds good</c>. Next topic!
`;

const SRT = `1
00:00:01,000 --> 00:00:04,000
Ann: We decided to ship on Friday.

2
00:00:04,500 --> 00:00:07,000
Bob: I will update the changelog
by Thursday.
`;

describe('core/summaries/transcript', () => {
  it('detects the format', () => {
    expect(detectFormat(VTT)).to.equal('vtt');
    expect(detectFormat(`\uFEFF${VTT}`)).to.equal('vtt');
    expect(detectFormat(SRT)).to.equal('srt');
    expect(detectFormat('Ann: hello there.\nBob: hi.')).to.equal('text');
  });

  it('reads WebVTT: voices, cue ids, NOTE blocks, tags and lines of one cue', () => {
    expect(parseTranscript(VTT)).to.deep.equal([
      { speaker: 'Ann', text: 'We decided to ship on Friday.' },
      { speaker: 'Bob', text: 'I will update the changelog by Thursday.' },
      { speaker: 'Bob', text: 'Sounds good. Next topic!' },
    ]);
  });

  it('reads SRT with "Name:" speakers the same way', () => {
    expect(parseTranscript(SRT)).to.deep.equal([
      { speaker: 'Ann', text: 'We decided to ship on Friday.' },
      { speaker: 'Bob', text: 'I will update the changelog by Thursday.' },
    ]);
  });

  it('reads plain notes line by line and splits sentences, keeping the speaker', () => {
    const sentences = splitSentences(parseTranscript('Ann: First point. Second point? Yes!\nloose note without speaker'));
    expect(sentences.map((s) => [s.speaker, s.text])).to.deep.equal([
      ['Ann', 'First point.'],
      ['Ann', 'Second point?'],
      ['Ann', 'Yes!'],
      [null, 'loose note without speaker'],
    ]);
    expect(sentences.map((s) => s.index)).to.deep.equal([0, 1, 2, 3]);
  });
});
