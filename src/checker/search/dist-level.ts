/**
 * One job of the distributed search: partition P at level L. It takes the states sent to it for
 * level L (level 0: the start, if it owns it), keeps those it has not seen (each with its smallest
 * path), reaches them from their paths on one world in place and expands them in path order
 * (expand-level-in-place.ts), and writes each successor to its owner's inbox for level L+1. A job whose
 * summary exists is finished and is skipped; a job killed before its summary is run again whole,
 * rewriting the same files (they depend only on the directory's earlier levels).
 */
import { existsSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { InputError } from '../../model/errors.js';
import { RELINK_ALPHABET, startWorld, type Op } from '../relink-alphabet.js';
import { doneFile, inboxFile, readLines, readSearch, statesFile, writeLines, type DistSearch } from './dist-dir.js';
import {
  formatStates,
  parsePathKey,
  readLevel,
  readStates,
  readSummary,
  writeSummary,
  type LevelSummary,
  type StateRecord,
} from './dist-files.js';
import { distKey, distKeyOf, distOwner, distOwnerOf, parseDistKey } from './dist-key.js';
import { expandLevelInPlace } from './expand-level-in-place.js';
import { FingerprintSet } from './fingerprint-set.js';
import { alphabetDigest } from './shard-file.js';

export interface LevelJob {
  readonly dir: string;
  readonly level: number;
  readonly partition: number;
  readonly alphabet?: readonly Op[];
  /** Told of each file the job has written (tests stop a job there, as a kill would). */
  readonly written?: (file: string) => void;
}

export interface LevelJobResult {
  /** The job had finished before: nothing was done. */
  readonly skipped: boolean;
  readonly summary: LevelSummary;
}

export const inboxWhat = (level: number, to: number, from: number): string =>
  `inbox level ${level} to ${to} from ${from}`;
export const statesWhat = (level: number, p: number): string => `states level ${level} partition ${p}`;

/** The search in `dir`, checked against this relinklab's alphabet and the job's coordinates. */
export function openSearch(dir: string, alphabet: readonly Op[], level?: number, partition?: number): DistSearch {
  const search = readSearch(dir);
  if (search.alphabet !== alphabetDigest(alphabet))
    throw new InputError(dir, 0, 'made with another op alphabet (another relinklab?)');
  if (level !== undefined && (!Number.isInteger(level) || level < 0 || level > search.depth))
    throw new InputError('--level', 0, `must be an integer from 0 to the search's depth, ${search.depth}`);
  if (partition !== undefined && (!Number.isInteger(partition) || partition < 0 || partition >= search.partitions))
    throw new InputError('--partition', 0, `must be an integer from 0 to ${search.partitions - 1}`);
  return search;
}

/** The states offered to this partition for `level`, each key with its smallest path. */
function received(j: LevelJob, search: DistSearch, alphabet: readonly Op[]): Map<string, string> {
  const best = new Map<string, string>();
  const offer = (key: string, path: string): void => {
    const p = best.get(key);
    if (p === undefined || path < p) best.set(key, path);
  };
  if (j.level === 0) {
    const key = distKey(startWorld(search.kernel));
    if (distOwner(key, search.partitions) === j.partition) offer(key, '');
    return best;
  }
  for (let from = 0; from < search.partitions; from++) {
    const file = inboxFile(j.dir, j.level, j.partition, from);
    if (!existsSync(file))
      throw new InputError(file, 0, `missing: level ${j.level - 1}, partition ${from} did not write it`);
    for (const line of readLines(file, search, inboxWhat(j.level, j.partition, from))) {
      const { path, key } = parsePathKey(line, file, j.level, alphabet.length);
      offer(key, path);
    }
  }
  return best;
}

/** Every state this partition kept at the levels before `level`: its visited set. */
function visited(j: LevelJob, search: DistSearch, alphabet: readonly Op[]): FingerprintSet {
  const seen = new FingerprintSet();
  for (let l = 0; l < j.level; l++) {
    const file = statesFile(j.dir, l, j.partition);
    for (const s of readStates(file, search, l, statesWhat(l, j.partition), alphabet.length))
      seen.add(parseDistKey(s.key));
  }
  return seen;
}

const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function runLevelJob(j: LevelJob): LevelJobResult {
  // The job's CPU counts from its first read (search.json, its own summary) to its summary's.
  const cpu0 = process.cpuUsage();
  const alphabet = j.alphabet ?? RELINK_ALPHABET;
  const search = openSearch(j.dir, alphabet, j.level, j.partition);
  const done = readSummary(j.dir, search, j.level, j.partition, alphabet.length);
  if (done !== null) return { skipped: true, summary: done };
  const written = (file: string): void => j.written?.(file);
  const previous = j.level === 0 ? [] : readLevel(j.dir, search, j.level - 1, alphabet.length);
  const base = { id: search.id, level: j.level, partition: j.partition };
  const finish = (s: Omit<LevelSummary, 'id' | 'level' | 'partition' | 'cpuMillis' | 'heapBytes'>): LevelJobResult => {
    const c = process.cpuUsage(cpu0);
    const summary = {
      ...base,
      ...s,
      cpuMillis: (c.user + c.system) / 1000,
      heapBytes: getHeapStatistics().used_heap_size,
    };
    writeSummary(j.dir, summary);
    written(doneFile(j.dir, j.level, j.partition));
    return { skipped: false, summary };
  };
  const nothing = { fresh: 0, expanded: false, transitions: 0, violation: null, sent: 0, rebuildSteps: 0 };
  // The search stopped expanding a level ago (at its last level or after a violation).
  if (previous.some((s) => !s.expanded)) return finish({ ...nothing, ended: true });

  const seen = visited(j, search, alphabet);
  const fresh: StateRecord[] = [];
  for (const [key, path] of received(j, search, alphabet))
    if (seen.add(parseDistKey(key))) fresh.push({ path, key, ops: null });
  fresh.sort(byPath);
  const expand = j.level < search.depth && previous.every((s) => s.violation === null);
  if (!expand) {
    writeLines(statesFile(j.dir, j.level, j.partition), search, statesWhat(j.level, j.partition), formatStates(fresh));
    written(statesFile(j.dir, j.level, j.partition));
    return finish({ ...nothing, ended: false, fresh: fresh.length });
  }

  const outboxes: string[][] = Array.from({ length: search.partitions }, () => []);
  const r = expandLevelInPlace(
    startWorld(search.kernel),
    fresh.map((s) => s.path),
    {
      alphabet,
      ownerOf: (f) => distOwnerOf(f, search.partitions),
      known: (f, owner) => owner === j.partition && seen.has(f),
      offer: (o) => outboxes[o.owner]?.push(`${o.path} ${distKeyOf(o.fingerprint)}`),
    },
  );
  const opsOf = new Map(r.expanded);
  const states = fresh.map((s) => ({ ...s, ops: opsOf.get(s.path) ?? null }));
  for (const [to, lines] of outboxes.entries()) {
    const file = inboxFile(j.dir, j.level + 1, to, j.partition);
    writeLines(file, search, inboxWhat(j.level + 1, to, j.partition), lines);
    written(file);
  }
  writeLines(statesFile(j.dir, j.level, j.partition), search, statesWhat(j.level, j.partition), formatStates(states));
  written(statesFile(j.dir, j.level, j.partition));
  return finish({
    ended: false,
    fresh: fresh.length,
    expanded: true,
    transitions: r.transitions,
    violation: r.violation,
    sent: outboxes.reduce((a, o) => a + o.length, 0),
    rebuildSteps: r.steps,
  });
}
