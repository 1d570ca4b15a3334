#!/usr/bin/env node
// `relinklab replay FILE` of the replay workload (100k calls), timed in several builds side by
// side, with the policies every and end, against memfs's API with Error.stackTraceLimit = 0:
// `node --expose-gc bench/replay-ab.mjs [--rounds N] DIST_A DIST_B...`, each DIST a tree's compiled
// output (dist/ after `npm run build`, holding src/cli/replay.js and bench/). Rounds interleave the
// trees after a warm-up of each, a garbage collection before every run; CPU medians (user +
// system, what a busy neighbour disturbs least) and each over memfs's, measured in the same rounds.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt < 0 ? 7 : Number(args.splice(roundsAt, 2)[1]);
if (args.length < 1 || !(rounds > 0)) {
  console.error('usage: node --expose-gc bench/replay-ab.mjs [--rounds N] DIST_A DIST_B...');
  process.exit(2);
}
const CALLS = 100_000;
const SEED = 20110228; // bench/replay-bench.ts: TRACE_SEED

const load = (dist, file) => import(pathToFileURL(resolve(dist, file)).href);
const first = args[0];
const text = (await load(first, 'bench/trace-gen.js')).generateTrace(CALLS, SEED);
const { parseJsonl } = await load(first, 'src/trace/jsonl.js');
const { replayMemfs } = await load(first, 'bench/memfs-replay.js');
const syscalls = parseJsonl(text, 'workload').lines.map((l) => l.sc);
const dir = mkdtempSync(join(tmpdir(), 'relinklab-replay-ab-'));
const file = join(dir, 'workload.jsonl');
writeFileSync(file, text, 'latin1');
const silent = { out: () => undefined, err: () => undefined, isTTY: false };

const cases = [
  {
    name: 'memfs (Error.stackTraceLimit = 0)',
    run: () => {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        replayMemfs(syscalls, { posixRename: false });
      } finally {
        Error.stackTraceLimit = limit;
      }
    },
  },
];
for (const dist of args) {
  const { runReplay } = await load(dist, 'src/cli/replay.js');
  for (const invariants of ['end', 'every'])
    cases.push({
      name: `${dist} --invariants ${invariants}`,
      run: () => {
        const status = runReplay({ trace: file, strace: false, json: false, invariants }, silent);
        if (status !== 0) throw new Error(`${dist}: replay exited ${status}`);
      },
    });
}

const cpuMs = (f) => {
  globalThis.gc?.();
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const c of cases) c.run();
const ms = cases.map(() => []);
for (let r = 0; r < rounds; r++) cases.forEach((c, i) => ms[i].push(cpuMs(c.run)));
rmSync(dir, { recursive: true, force: true });
const memfs = median(ms[0]);
for (const [i, c] of cases.entries()) {
  const m = median(ms[i]);
  console.log(`${c.name}: ${m.toFixed(1)} ms CPU median of ${rounds}, ${(memfs / m).toFixed(3)}x memfs`);
}
