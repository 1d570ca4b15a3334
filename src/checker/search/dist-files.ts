/**
 * What a level job of the distributed search writes and reads, on top of dist-dir.ts: the inbox
 * records (`path key`: a state another partition found, by its path), the states file (`path key
 * ops`, ops being `-` for a state not expanded, else `+` and the path characters of the ops that
 * ran from it) and the job's summary, each checked as it is read.
 */
import { existsSync } from 'node:fs';
import { InputError } from '../../model/errors.js';
import type { Violation } from '../../invariants/violation.js';
import { isDistKey } from './dist-key.js';
import { doneFile, readJson, readLines, writeAtomically, type DistSearch } from './dist-dir.js';
import type { Expanded, LevelViolation } from './expand-level.js';
import { isPath } from './path-code.js';

/** A state as a record: its key and its (smallest known) path. */
export interface PathKey {
  readonly path: string;
  readonly key: string;
}

/** A state of a partition at one level; `ops` is null when it was not expanded. */
export interface StateRecord extends PathKey {
  readonly ops: string | null;
}

export interface LevelSummary {
  readonly id: string;
  readonly level: number;
  readonly partition: number;
  /** The search had ended before this level (a violation, two levels up or more): nothing done. */
  readonly ended: boolean;
  /** New states of this partition at this level. */
  readonly fresh: number;
  /** Whether it expanded them (not at the last level, nor at the level after a violation). */
  readonly expanded: boolean;
  readonly transitions: number;
  /** This partition's first violation while expanding, in path order. */
  readonly violation: LevelViolation | null;
  /** Successors written to the inboxes of the next level. */
  readonly sent: number;
  /** Ops run to rebuild the new states' worlds from their paths. */
  readonly rebuildSteps: number;
  /** This job's CPU time (user + system). */
  readonly cpuMillis: number;
  readonly heapBytes: number;
}

export function parsePathKey(line: string, file: string, depth: number, alphabetSize: number): PathKey {
  // Cut at the first space, not split: a key holds none (isDistKey), so a second space is refused as before.
  const cut = line.indexOf(' ');
  const path = line.slice(0, cut);
  const key = line.slice(cut + 1);
  if (cut < 0 || !isDistKey(key)) throw new InputError(file, 0, `"${line}" is not "path key" (a state's fingerprint)`);
  if (path.length !== depth || !isPath(path, alphabetSize))
    throw new InputError(file, 0, `"${path}" is not a path of ${depth} ops`);
  return { path, key };
}

export function formatStates(states: readonly StateRecord[]): string[] {
  return states.map((s) => `${s.path} ${s.key} ${s.ops === null ? '-' : `+${s.ops}`}`);
}

export function readStates(
  file: string,
  search: DistSearch,
  level: number,
  what: string,
  alphabetSize: number,
): StateRecord[] {
  return readLines(file, search, what).map((line) => {
    const cut = line.lastIndexOf(' ');
    const { path, key } = parsePathKey(line.slice(0, cut), file, level, alphabetSize);
    const ops = line.slice(cut + 1);
    if (ops === '-') return { path, key, ops: null };
    if (!ops.startsWith('+') || !isPath(ops.slice(1), alphabetSize))
      throw new InputError(file, 0, `"${ops}" is not "-" or "+" and ops`);
    return { path, key, ops: ops.slice(1) };
  });
}

/** The expanded states of a states file, as merge's cut reads them. */
export const expandedOf = (states: readonly StateRecord[]): Expanded[] =>
  states.flatMap((s): Expanded[] => (s.ops === null ? [] : [[s.path, s.ops]]));

export function writeSummary(dir: string, s: LevelSummary): void {
  writeAtomically(doneFile(dir, s.level, s.partition), `${JSON.stringify(s)}\n`);
}

function isViolation(v: unknown, level: number, alphabetSize: number): v is LevelViolation {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const path = o['path'];
  const violations = o['violations'];
  return (
    typeof path === 'string' &&
    path.length === level + 1 &&
    isPath(path, alphabetSize) &&
    Array.isArray(violations) &&
    violations.length > 0 &&
    violations.every((x: unknown) => {
      const e = x as Partial<Record<keyof Violation, unknown>>;
      return typeof x === 'object' && x !== null && typeof e.invariant === 'string' && typeof e.message === 'string';
    })
  );
}

/**
 * The summary of partition `p`'s job at `level`, or null if it has not finished; refused when it
 * is not this search's or not that job's.
 */
export function readSummary(
  dir: string,
  search: DistSearch,
  level: number,
  p: number,
  alphabetSize: number,
): LevelSummary | null {
  const file = doneFile(dir, level, p);
  if (!existsSync(file)) return null;
  const o = readJson(file);
  if (typeof o !== 'object' || o === null) throw new InputError(file, 0, 'not a job summary');
  if (o['id'] !== search.id)
    throw new InputError(file, 0, `from another search (id ${String(o['id'])}, not ${search.id})`);
  if (o['level'] !== level || o['partition'] !== p)
    throw new InputError(file, 0, `is not the summary of level ${level}, partition ${p}`);
  const count = (k: string): number => {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InputError(file, 0, `${k}: expected >= 0`);
    return v;
  };
  const flag = (k: string): boolean => {
    const v = o[k];
    if (typeof v !== 'boolean') throw new InputError(file, 0, `${k}: expected true or false`);
    return v;
  };
  const violation = o['violation'];
  if (violation !== null && !isViolation(violation, level, alphabetSize))
    throw new InputError(file, 0, `violation: expected null or a path of ${level + 1} ops with its violations`);
  return {
    id: search.id,
    level,
    partition: p,
    ended: flag('ended'),
    fresh: count('fresh'),
    expanded: flag('expanded'),
    transitions: count('transitions'),
    violation,
    sent: count('sent'),
    rebuildSteps: count('rebuildSteps'),
    cpuMillis: count('cpuMillis'),
    heapBytes: count('heapBytes'),
  };
}

/** Every partition's summary at `level`; refused, naming the first, if a job has not finished. */
export function readLevel(dir: string, search: DistSearch, level: number, alphabetSize: number): LevelSummary[] {
  return Array.from({ length: search.partitions }, (_, p) => {
    const s = readSummary(dir, search, level, p, alphabetSize);
    if (s === null)
      throw new InputError(
        dir,
        0,
        `incomplete: level ${level}, partition ${p} has not finished (${doneFile(dir, level, p)})`,
      );
    return s;
  });
}
