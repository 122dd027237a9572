/**
 * Transcripts in, plain sentences out: WebVTT (cue timings, `<v Speaker>` voice tags, NOTE and
 * STYLE blocks), SRT (numbered cues with `,` millisecond timings) or plain text, with an optional
 * `Speaker: ` prefix per line. Pure.
 */
export type TranscriptFormat = 'text' | 'vtt' | 'srt';

export interface Utterance {
  speaker: string | null;
  text: string;
}

const TIMING = /^\s*(\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}\s+-->\s+(\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}/;

/** The format a transcript is written in: WEBVTT header → vtt, `-->` timings → srt, else text. */
export function detectFormat(raw: string): TranscriptFormat {
  const text = raw.replace(/^\uFEFF/, '');
  if (/^WEBVTT(\s|$)/.test(text)) return 'vtt';
  return text.split(/\r?\n/).some((l) => TIMING.test(l)) ? 'srt' : 'text';
}

function speakerLine(line: string, current: string | null): Utterance {
  const voice = /^<v(?:\.[\w.]+)?\s+([^>]+)>(.*)$/.exec(line);
  if (voice) return { speaker: voice[1]!.trim(), text: voice[2]!.replace(/<\/v>/g, '') };
  const named = /^([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2}):\s+(.+)$/.exec(line);
  if (named) return { speaker: named[1]!, text: named[2]! };
  return { speaker: current, text: line };
}

/**
 * Utterances in order; consecutive cue lines of one speaker are joined.
 * @example parseTranscript('WEBVTT\n\n00:00.000 --> 00:02.000\n<v Ann>We ship Friday.', 'vtt') // [{speaker: 'Ann', text: 'We ship Friday.'}]
 */
export function parseTranscript(raw: string, format: TranscriptFormat = detectFormat(raw)): Utterance[] {
  const lines = raw.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: Utterance[] = [];
  let speaker: string | null = null;
  let skipBlock = false;
  for (const [i, rawLine] of lines.entries()) {
    const line = rawLine.trim();
    if (!line) {
      skipBlock = false;
      continue;
    }
    if (format === 'vtt' && (i === 0 || /^(NOTE|STYLE|REGION)(\s|$)/.test(line))) {
      skipBlock = i !== 0;
      continue;
    }
    if (skipBlock || TIMING.test(line)) continue;
    // A cue identifier: the line right before a timing line (SRT's numbers, VTT's optional ids).
    if (format !== 'text' && TIMING.test(lines[i + 1] ?? '')) continue;
    const u = speakerLine(line.replace(/<\/?(?:c|i|b|u|lang|ruby|rt)(?:\.[\w.]+)?[^>]*>/g, '').replace(/<\d{2}:[\d:.]+>/g, ''), format === 'text' ? null : speaker);
    if (format !== 'text') speaker = u.speaker;
    const last = out.at(-1);
    if (last && format !== 'text' && last.speaker === u.speaker && !/[.!?]$/.test(last.text)) last.text = `${last.text} ${u.text.trim()}`;
    else if (u.text.trim()) out.push({ speaker: u.speaker, text: u.text.trim() });
  }
  return out;
}

export interface Sentence {
  index: number;
  speaker: string | null;
  text: string;
}

/** Sentences (split after . ! ? followed by a space and a capital or digit), each with its speaker. */
export function splitSentences(utterances: Utterance[]): Sentence[] {
  const out: Sentence[] = [];
  for (const u of utterances) {
    for (const part of u.text.split(/(?<=[.!?])\s+(?=["'(\d\p{Lu}])/u)) {
      const text = part.trim();
      if (text) out.push({ index: out.length, speaker: u.speaker, text });
    }
  }
  return out;
}
