/**
 * Today's date in a zone, without luxon (through `Intl`, which Node has loaded anyway), so a
 * command that needs only that, such as `yava slots --json`, starts without loading luxon.
 */
export function todayIn(zone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}
