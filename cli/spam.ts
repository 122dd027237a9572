/** What `yava admin blocklist` and `yava admin spam` show: blocklist entries and spam decisions. */
import type { BlockEntry, DecisionRecord } from '../core/spam/index.js';
import { formatInstant, renderTable } from './format.js';
import type { Painter } from './terminal.js';

export type { BlockEntry, DecisionRecord };

/** The list path: the global list (admins) or the caller's own (`--own`, any host). */
export const blocklistPath = (own: boolean) => (own ? '/api/blocklist' : '/api/admin/blocklist');

export function renderBlocklist(entries: BlockEntry[], zone: string, paint: Painter): string {
  if (!entries.length) return 'The blocklist is empty.';
  return renderTable(
    ['ID', 'KIND', 'VALUE', 'UNTIL', 'REASON'],
    entries.map((e) => [e.id.slice(0, 8), e.kind, e.value, e.expiresAt ? formatInstant(e.expiresAt, zone) : 'removed by hand', `${e.automatic ? '(automatic) ' : ''}${e.reason ?? ''}`]),
    paint,
  );
}

export function renderDecisions(decisions: DecisionRecord[], zone: string, paint: Painter): string {
  if (!decisions.length) return 'No spam decisions match.';
  return renderTable(
    ['WHEN', 'DECISION', 'EMAIL', 'FROM', 'SOURCE', 'WHY'],
    decisions.map((d) => [formatInstant(d.at, zone), d.decision, d.email, d.address ?? '', d.source, [...d.reasons.map((r) => r.detail), ...(d.appeal ? [`appeal: ${d.appeal.message}`] : [])].join('; ') || '—']),
    paint,
  );
}
