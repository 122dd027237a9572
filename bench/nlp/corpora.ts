/**
 * The corpora bench/nlp measures, each split ONCE into a tuning part and a held-out part.
 *
 * Split rule (fixed, never re-drawn): FNV-1a 32-bit hash of `${SPLIT_SEED}:${key}`; hash % 100 < 50
 * is held-out, the rest is tuning. The key keeps related rows together so a paraphrase never
 * sits on both sides: the dialogue for SGD, the value group for Duckling, the utterance for SLURP.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DucklingRow, SlurpRow } from './convert.js';

export const SPLIT_SEED = 'yava-nlp-split-2026-11-30';
export type Part = 'tuning' | 'held-out';

export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function partOf(key: string): Part {
  return fnv1a(`${SPLIT_SEED}:${key}`) % 100 < 50 ? 'held-out' : 'tuning';
}

export interface SgdRow {
  id: string;
  text: string;
  intent: string;
  dialogue_id: string;
  new_intent: boolean;
  slots: Array<{ slot: string; value: string; canonical: string }>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
const sgdPath = path.resolve(repoRoot, '..', 'shared', 'nlp', 'sgd_calendar_user_turns.jsonl');
const corporaDir = path.join(here, '.corpora');

function readJsonl<T>(file: string): T[] | null {
  if (!existsSync(file)) return null;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export function loadSgd(): Array<SgdRow & { part: Part }> | null {
  return readJsonl<SgdRow>(sgdPath)?.map((r) => ({ ...r, part: partOf(r.dialogue_id) })) ?? null;
}

export function loadDuckling(): Array<DucklingRow & { part: Part }> | null {
  return (
    readJsonl<DucklingRow>(path.join(corporaDir, 'duckling_en_time.jsonl'))?.map((r) => ({
      ...r,
      part: partOf(`duckling-group-${r.group}`),
    })) ?? null
  );
}

export function loadSlurp(): Array<SlurpRow & { part: Part }> | null {
  return (
    readJsonl<SlurpRow>(path.join(corporaDir, 'slurp_calendar.jsonl'))?.map((r) => ({ ...r, part: partOf(r.id) })) ??
    null
  );
}
