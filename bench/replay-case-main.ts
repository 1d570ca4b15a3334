/**
 * `node --expose-gc dist/bench/replay-case-main.js CASE FILE LEGACY_CALLS WARMUPS`: one contender
 * of the replay bench in a process of its own (replay-case.ts); prints the timed run's CPU ms.
 */
import { REPLAY_CASES, replayCase, timeCase, type ReplayCase } from './replay-case.js';

const [name, file, legacy, warmups] = process.argv.slice(2);
const isCase = (x: string | undefined): x is ReplayCase => (REPLAY_CASES as readonly string[]).includes(x ?? '');
if (!isCase(name) || file === undefined) throw new Error('usage: replay-case-main.js CASE FILE LEGACY_CALLS WARMUPS');
process.stdout.write(`${timeCase(replayCase(name, file, Number(legacy ?? 20_000)), Number(warmups ?? 2))}\n`);
