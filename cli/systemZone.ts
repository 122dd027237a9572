/**
 * The zone times are shown in without `--tz`: the system's. On its own (no luxon), so a command
 * that needs only the zone's name, such as `yava meetings --json`, starts without loading luxon.
 */
export function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
