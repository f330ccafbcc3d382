// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per code area, as a
// share of the time the process was not idle.

import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  busyMs: number;
  top: { name: string; where: string; ms: number; share: number }[];
  areas: { area: string; ms: number; share: number }[];
}

function where(url: string, line: number, repo: string): string {
  if (url === '') return '';
  let p = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  if (p.startsWith(repo)) p = path.relative(repo, p);
  return `${p}:${line + 1}`;
}

/** Coarse owner of a frame: the project's folders, a package, Node itself, or V8's pseudo-frames. */
function area(node: ProfileNode, repo: string): string {
  const { functionName, url } = node.callFrame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const p = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const nm = p.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = p.slice(nm + 14).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (p.startsWith(repo)) {
    const rel = path.relative(repo, p).split('/');
    return rel.length > 2 ? `${rel[0]}/${rel[1]}` : rel.join('/');
  }
  return p;
}

/** `range`: only samples taken between these monotonic-clock times (µs, process.hrtime). */
export function summariseProfile(file: string, repo: string, range?: [number, number], topN = 20): ProfileSummary {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  // timeDeltas[i] is the time before sample i; charge it to the sample's node.
  let t = prof.startTime;
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = prof.timeDeltas[i] ?? 0;
    t += dt;
    if (range && (t < range[0] || t > range[1])) continue;
    const id = prof.samples[i];
    self.set(id, (self.get(id) ?? 0) + dt);
  }
  const fn = new Map<string, { name: string; where: string; us: number }>();
  const areas = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    if (node.callFrame.functionName === '(idle)') continue;
    busy += us;
    const w = where(node.callFrame.url, node.callFrame.lineNumber, repo);
    const name = node.callFrame.functionName || '(anonymous)';
    const key = `${name}@${w}`;
    const e = fn.get(key) ?? { name, where: w, us: 0 };
    e.us += us;
    fn.set(key, e);
    const a = area(node, repo);
    areas.set(a, (areas.get(a) ?? 0) + us);
  }
  const share = (us: number) => (busy > 0 ? us / busy : 0);
  return {
    busyMs: busy / 1000,
    top: [...fn.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, topN)
      .map((e) => ({ name: e.name, where: e.where, ms: e.us / 1000, share: share(e.us) })),
    areas: [...areas.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([a, us]) => ({ area: a, ms: us / 1000, share: share(us) })),
  };
}

export function formatProfile(s: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)}%`;
  const lines = [`busy (not idle) CPU time: ${s.busyMs.toFixed(0)} ms`, '', 'self time by area:'];
  for (const a of s.areas) lines.push(`  ${pct(a.share)}  ${a.area}`);
  lines.push('', 'top functions by self time:');
  for (const f of s.top) lines.push(`  ${pct(f.share)}  ${f.name}  ${f.where}`);
  return lines.join('\n');
}
