#!/usr/bin/env node
// parseJsonl of one generated 100k-call native trace, timed in two (or more) builds side by side:
// `node --expose-gc bench/parse-ab.mjs [--rounds N] DIST_A DIST_B...`, each DIST a tree's compiled
// output (dist/ after `npx tsc -p tsconfig.json`, holding src/trace/jsonl.js and
// bench/trace-gen.js). Rounds interleave the trees (ABAB...) after a warm-up of each, with a
// garbage collection before every parse, so a neighbour's load falls on all alike; the medians
// of CPU time (user + system, what a busy machine disturbs least) and wall time are printed, and
// each tree's CPU median over the first's.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt < 0 ? 9 : Number(args.splice(roundsAt, 2)[1]);
if (args.length < 2 || !(rounds > 0)) {
  console.error('usage: node --expose-gc bench/parse-ab.mjs [--rounds N] DIST_A DIST_B...');
  process.exit(2);
}
const CALLS = 100_000;
const SEED = 20110228; // bench/replay-bench.ts: TRACE_SEED

const load = (dist, file) => import(pathToFileURL(resolve(dist, file)).href);
const trees = await Promise.all(
  args.map(async (dist) => ({
    dist,
    parse: (await load(dist, 'src/trace/jsonl.js')).parseJsonl,
    gen: (await load(dist, 'bench/trace-gen.js')).generateTrace,
  })),
);
const text = trees[0].gen(CALLS, SEED);
const read = JSON.stringify(trees[0].parse(text, 'generated'));
for (const t of trees.slice(1)) {
  if (t.gen(CALLS, SEED) !== text) throw new Error(`${t.dist} generates a different workload`);
  if (JSON.stringify(t.parse(text, 'generated')) !== read) throw new Error(`${t.dist} reads the workload differently`);
}

const gc = globalThis.gc ?? (() => {});
function timeOnce(parse) {
  gc();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const trace = parse(text, 'generated');
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (trace.lines.length !== CALLS) throw new Error(`parsed ${trace.lines.length} calls`);
  return { cpu: (c.user + c.system) / 1000, wall };
}
for (let i = 0; i < 3; i++) for (const t of trees) timeOnce(t.parse);

const samples = trees.map(() => ({ cpu: [], wall: [] }));
for (let r = 0; r < rounds; r++) {
  trees.forEach((t, i) => {
    const s = timeOnce(t.parse);
    samples[i].cpu.push(s.cpu);
    samples[i].wall.push(s.wall);
  });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => x.toFixed(1);
const first = median(samples[0].cpu);
trees.forEach((t, i) => {
  const { cpu, wall } = samples[i];
  console.log(
    `${String.fromCharCode(65 + i)} ${t.dist}: CPU median ${ms(median(cpu))} ms (min ${ms(Math.min(...cpu))}, ` +
      `${(median(cpu) / first).toFixed(3)} of A), wall median ${ms(median(wall))} ms; CPU ${cpu.map(ms).join(' ')}`,
  );
});
console.log(`${rounds} rounds, each parsing in every tree in turn`);
