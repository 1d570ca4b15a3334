/**
 * The shared directory of a distributed search (docs/checker.md, "A distributed search"):
 *
 *   search.json                      the search: kernel, depth, partitions, alphabet, a random id
 *   level-L/inbox-Q/from-P.txt       what partition P's level L-1 job found for partition Q
 *   level-L/states-P.txt             partition P's new states at level L (its visited set is
 *                                    the union of these over the levels), and the ops run from each
 *   level-L/done-P.json              the job's summary, written last: a job with one is finished
 *
 * Every file is written whole under a temporary name and renamed, so a killed job leaves either
 * the old file or the new one, never half of one; every file carries the search's id, so files
 * of another search are refused rather than mixed in.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../../model/errors.js';
import type { Op } from '../relink-alphabet.js';
import { alphabetDigest } from './shard-file.js';

export const DIST_FORMAT = 'relinklab-dist/1';

export interface DistSearch {
  readonly format: typeof DIST_FORMAT;
  readonly id: string;
  readonly kernel: string;
  readonly depth: number;
  readonly partitions: number;
  /** SHA-1 of the op alphabet: the paths in the directory are indices into it. */
  readonly alphabet: string;
}

export const searchFile = (dir: string): string => join(dir, 'search.json');
export const levelDir = (dir: string, level: number): string => join(dir, `level-${level}`);
export const inboxFile = (dir: string, level: number, to: number, from: number): string =>
  join(levelDir(dir, level), `inbox-${to}`, `from-${from}.txt`);
export const statesFile = (dir: string, level: number, p: number): string =>
  join(levelDir(dir, level), `states-${p}.txt`);
export const doneFile = (dir: string, level: number, p: number): string => join(levelDir(dir, level), `done-${p}.json`);

/** Write `text` to `file` whole: a temporary file beside it, then a rename over it. */
export function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new InputError(file, 0, `cannot read (${code})`);
  }
}

export function newSearch(kernel: string, depth: number, partitions: number, alphabet: readonly Op[]): DistSearch {
  return { format: DIST_FORMAT, id: randomUUID(), kernel, depth, partitions, alphabet: alphabetDigest(alphabet) };
}

const sameSearch = (a: DistSearch, b: DistSearch): boolean =>
  a.kernel === b.kernel && a.depth === b.depth && a.partitions === b.partitions && a.alphabet === b.alphabet;

/**
 * Make `dir` hold `search`, or keep the one it holds when that is the same search (so a driver
 * that is started again resumes): true when it was written now.
 */
export function initSearch(dir: string, search: DistSearch): boolean {
  if (existsSync(searchFile(dir))) {
    const held = readSearch(dir);
    if (!sameSearch(held, search))
      throw new InputError(
        searchFile(dir),
        0,
        `holds another search (kernel ${held.kernel}, depth ${held.depth}, ${held.partitions} partitions)`,
      );
    return false;
  }
  writeAtomically(searchFile(dir), `${JSON.stringify(search, null, 2)}\n`);
  return true;
}

/** A file's JSON as a record to check field by field; refused with one line when it is not JSON. */
export function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readText(file)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, 0, 'not JSON');
  }
}

function fieldError(file: string, field: string, what: string): never {
  throw new InputError(file, 0, `${field}: expected ${what}`);
}

export function readSearch(dir: string): DistSearch {
  const file = searchFile(dir);
  if (!existsSync(file)) throw new InputError(dir, 0, 'no search.json: not a distributed search (dist init first)');
  const o = readJson(file);
  if (typeof o !== 'object' || o === null || o['format'] !== DIST_FORMAT)
    fieldError(file, 'format', `"${DIST_FORMAT}"`);
  const int = (k: string, min: number): number => {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fieldError(file, k, `an integer >= ${min}`);
    return v;
  };
  const str = (k: string): string => {
    const v = o[k];
    if (typeof v !== 'string' || v === '') fieldError(file, k, 'a string');
    return v;
  };
  return {
    format: DIST_FORMAT,
    id: str('id'),
    kernel: str('kernel'),
    depth: int('depth', 1),
    partitions: int('partitions', 1),
    alphabet: str('alphabet'),
  };
}

/** A file of lines under a header naming the search: `relinklab-dist/1 ID WHAT`. */
export function writeLines(file: string, search: DistSearch, what: string, lines: readonly string[]): void {
  writeAtomically(file, [`${DIST_FORMAT} ${search.id} ${what}`, ...lines, ''].join('\n'));
}

/** The lines of a file written by writeLines for this search; refused if another search wrote it. */
export function readLines(file: string, search: DistSearch, what: string): string[] {
  const [header, ...rest] = readText(file).split('\n');
  const expected = `${DIST_FORMAT} ${search.id} ${what}`;
  if (header !== expected) {
    const id = header?.split(' ')[1] ?? '';
    throw new InputError(
      file,
      0,
      id !== search.id ? `from another search (id ${id}, not ${search.id})` : `header "${header}" is not "${expected}"`,
    );
  }
  if (rest.at(-1) !== '') throw new InputError(file, 0, 'does not end with a newline (truncated?)');
  return rest.slice(0, -1);
}
