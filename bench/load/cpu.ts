/**
 * Where the CPU went during a phase of the bench: each Yava process (from /proc/PID/stat), the
 * bench itself (its load generator and SMTP receiver), and the rest of the machine (PostgreSQL,
 * mostly), from /proc/stat. Linux only; elsewhere `snapshot` returns null and nothing is shown.
 */
import { existsSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's counters (USER_HZ; 100 on Linux on every common architecture). */
const TICK_MS = 10;

export interface CpuSnapshot {
  machineMs: number;
  byPid: Map<number, number>;
  benchMs: number;
}

function processMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces) start at the last ')'.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').at(-1)!.trim().split(/\s+/);
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

function machineMs(): number {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  const n = values.map(Number);
  return (n[0]! + n[1]! + n[2]! + n[5]! + n[6]! + (n[7] ?? 0)) * TICK_MS;
}

export function snapshot(pids: number[]): CpuSnapshot | null {
  if (!existsSync('/proc/stat')) return null;
  const usage = process.cpuUsage();
  return { machineMs: machineMs(), byPid: new Map(pids.map((pid) => [pid, processMs(pid)])), benchMs: (usage.user + usage.system) / 1000 };
}

/** CPU milliseconds per unit of work between two snapshots, by process name, the bench and the rest. */
export function perUnit(before: CpuSnapshot, after: CpuSnapshot, names: Map<number, string>, units: number): Array<[string, number]> {
  const rows: Array<[string, number]> = [];
  let yava = 0;
  for (const [pid, name] of names) {
    const ms = (after.byPid.get(pid) ?? 0) - (before.byPid.get(pid) ?? 0);
    yava += ms;
    rows.push([name, ms / units]);
  }
  const bench = after.benchMs - before.benchMs;
  rows.push(['the bench process (its HTTP clients and SMTP receiver; in (c) the INSERT client)', bench / units]);
  rows.push(['the rest of the machine (PostgreSQL)', Math.max(0, after.machineMs - before.machineMs - yava - bench) / units]);
  return rows;
}
