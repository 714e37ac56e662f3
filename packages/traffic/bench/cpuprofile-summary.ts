// Sums a .cpuprofile's samples by function and by file, self time and inclusive:
// `node bench/cpuprofile-summary.ts <file.cpuprofile> [rows]`. Used with profile-ours.ts.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: cpuprofile-summary.ts <file.cpuprofile> [rows]');
const rows = Number(rowsArg ?? 30);
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

function where(n: ProfileNode): string {
  return (n.callFrame.url || '(native)')
    .replace(/^file:\/\/.*node_modules\/\.pnpm\//, '')
    .replace(/^file:\/\//, '');
}
function fnKey(n: ProfileNode): string {
  return `${n.callFrame.functionName || '(anon)'} ${where(n)}:${n.callFrame.lineNumber + 1}`;
}
function add(m: Map<string, number>, k: string, t: number): void {
  m.set(k, (m.get(k) ?? 0) + t);
}

const self = new Map<string, number>();
const files = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
for (let i = 0; i < p.samples.length; i++) {
  const t = p.timeDeltas[i] ?? 0;
  const leaf = byId.get(p.samples[i]!)!;
  total += t;
  add(self, fnKey(leaf), t);
  add(files, where(leaf), t);
  // A function counts once per sample, however often it recurses.
  const seen = new Set<string>();
  for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
    const k = fnKey(byId.get(id)!);
    if (!seen.has(k)) add(inclusive, k, t);
    seen.add(k);
  }
}
function top(title: string, m: Map<string, number>): void {
  console.log(`-- ${title}`);
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows))
    console.log(
      `${((100 * t) / total).toFixed(1).padStart(5)}% ${(t / 1000).toFixed(0).padStart(7)} ms  ${k}`,
    );
}
console.log(`${(total / 1000).toFixed(0)} ms sampled`);
top('self time by function', self);
top('self time by file', files);
top('inclusive time by function', inclusive);
