// Summarizes a V8 .cpuprofile: self time per function (top N) and per source file.
//   node bench/profile-summary.js <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';

export function summarize(file, top = 15) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0));
  }
  const total = dt.reduce((x, y) => x + y, 0);
  const byFunction = new Map();
  for (const [id, us] of self) {
    const frame = byId.get(id).callFrame;
    const file = frame.url.replace(/^.*\/(dist|node_modules|bench)\//, '$1/') || '(native)';
    const key = `${frame.functionName || '(anonymous)'} ${file}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const rows = [...byFunction].sort((x, y) => y[1] - x[1]).slice(0, top);
  return { totalMs: total / 1000, rows: rows.map(([name, us]) => ({ name, ms: us / 1000, share: us / total })) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { totalMs, rows } = summarize(process.argv[2], Number(process.argv[3] ?? 15));
  console.log(`total ${(totalMs / 1000).toFixed(2)} s`);
  for (const r of rows) console.log(`${(r.share * 100).toFixed(1).padStart(5)} %  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}`);
}
