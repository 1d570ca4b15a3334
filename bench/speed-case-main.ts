/**
 * `node --expose-gc dist/bench/speed-case-main.js DEPTH`: one round of relinklab's side of the
 * states/s comparison with SPIN (bench/run.ts), in a process of its own as each pan round is: a
 * depth-5 search first, untimed (the JIT's warm-up; pan is compiled before it is timed), then the
 * raw-key search to DEPTH timed; prints its DepthResult as JSON. In the bench's own process the same
 * search ran 8-15% slower, after the ten searches before it (bench/NOTES.md, 2026-12-06).
 */
import { benchDepth } from './checker-bench.js';

const depth = Number(process.argv[2]);
if (!Number.isInteger(depth) || depth < 1) throw new Error('usage: speed-case-main.js DEPTH');
benchDepth(5, 'raw');
process.stdout.write(`${JSON.stringify(benchDepth(depth, 'raw'))}\n`);
