/**
 * The worlds at the ends of paths, rebuilt from the start by running their ops: a job of the
 * distributed search receives its new states as paths (a few bytes each) rather than as worlds
 * (about 7.5 KB of JSON each at depth 5), and rebuilds them here. The paths come sorted, so
 * walking them is walking their trie: a prefix shared with the previous path is not run again,
 * and a partition's states share many of their ancestors (rebuilding level 5's 1,604 states runs
 * 1.2 ops a state in one partition, 2.0 over eight; docs/checker.md has the measurement).
 */
import type { World } from '../../model/world.js';
import { ModelBug, NotRunnable, Unmodelled } from '../../model/errors.js';
import type { Op } from '../relink-alphabet.js';
import { decodePath } from './path-code.js';
import type { LevelNode } from './expand-level.js';
import { Session, type SessionOptions } from '../../session/session.js';

/**
 * Rebuilding runs steps the search already ran and checked, so no invariant is checked again:
 * the same calls and representation give the same world (session.ts).
 */
const REBUILDING: SessionOptions = { representation: 'immer', invariants: { when: 'off', set: 'state' } };

function replayStep(w: World, op: Op, path: string): World {
  if (op.when !== undefined && !op.when(w)) throw new ModelBug(`path ${path} runs an op whose task is not there`);
  const session = new Session(w, REBUILDING);
  try {
    session.run(op.pid, op.sc);
  } catch (e) {
    if (e instanceof NotRunnable || e instanceof Unmodelled)
      throw new ModelBug(`path ${path} runs an op that cannot run: ${e.message}`);
    throw e;
  }
  return session.world;
}

/** Counts the ops run, for the measurement. */
export interface TrieWalk {
  steps: number;
}

/** Each path's world, in the order given (ascending: a path after one it does not extend). */
export function* worldsAlong(
  start: World,
  paths: Iterable<string>,
  alphabet: readonly Op[],
  walk: TrieWalk = { steps: 0 },
): Generator<LevelNode> {
  // along[i] is the world after the first i ops of `previous`.
  const along: World[] = [start];
  let previous = '';
  for (const path of paths) {
    if (path < previous) throw new ModelBug(`path ${path} comes after ${previous}: the walk needs them sorted`);
    let shared = 0;
    while (shared < path.length && shared < previous.length && path[shared] === previous[shared]) shared++;
    const ops = decodePath(path, alphabet);
    for (let i = shared; i < ops.length; i++) {
      const op = ops[i];
      const before = along[i];
      if (op === undefined || before === undefined) throw new ModelBug(`path ${path}: no world at step ${i}`);
      along[i + 1] = replayStep(before, op, path);
      walk.steps++;
    }
    along.length = path.length + 1;
    previous = path;
    const world = along[path.length];
    if (world === undefined) throw new ModelBug(`path ${path}: no world at its end`);
    yield { path, world };
  }
}
