// What the runner and the load generator read about a process from /proc (Linux).

import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux everywhere in practice). */
const TICKS = 100;

/** User + system CPU seconds used so far by `pid`. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / TICKS; // utime, stime (fields 14 and 15)
}

/** VmRSS of `pid` in bytes. */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** The soft limit on open files of `pid` ("Max open files"). */
export function openFileLimit(pid: number): number {
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync(`/proc/${pid}/limits`, 'latin1'));
  if (!m) return 1024;
  return m[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(m[1]);
}

/** CPU busy fraction of `pid` between two cpuSeconds() readings `dt` seconds apart. */
export function busy(cpuA: number, cpuB: number, dt: number): number {
  return dt > 0 ? (cpuB - cpuA) / dt : 0;
}
