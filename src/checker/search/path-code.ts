/**
 * Paths of operations as strings, one character per op index, in ascending character order. A
 * breadth-first search that expands states in path order and tries ops in index order meets every
 * state first by its lexicographically smallest shortest path, so comparing these strings (of equal
 * length) compares positions in the single-threaded search. That is what lets partitioned searches
 * agree with it on the counterexample and on the counts up to it.
 */
import type { Op } from '../relink-alphabet.js';
import { ModelBug } from '../../model/errors.js';

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The largest alphabet a path can encode. */
const MAX_ALPHABET = DIGITS.length;

export function opChar(index: number): string {
  const c = DIGITS[index];
  if (c === undefined) throw new ModelBug(`op index ${index} outside a path alphabet of ${MAX_ALPHABET}`);
  return c;
}

function opIndex(c: string): number {
  const i = DIGITS.indexOf(c);
  if (i < 0 || c.length !== 1) throw new ModelBug(`"${c}" is not a path character`);
  return i;
}

/** True when every character of `s` is a path character below `alphabetSize`. */
export function isPath(s: string, alphabetSize: number): boolean {
  for (const c of s) {
    const i = DIGITS.indexOf(c);
    if (i < 0 || i >= alphabetSize) return false;
  }
  return true;
}

/** The op indices a path names, in order. */
export const pathIndices = (path: string): number[] => [...path].map(opIndex);

export function decodePath(path: string, alphabet: readonly Op[]): Op[] {
  return [...path].map((c) => {
    const op = alphabet[opIndex(c)];
    if (op === undefined) throw new ModelBug(`path ${path} names an op outside the alphabet`);
    return op;
  });
}

/**
 * How many of the transitions from the state at `parent` (through the ops listed in `ops`) the
 * single-threaded search makes before it stops at the violating transition `cx`: all of them for
 * an earlier parent, none for a later one, the ops up to `cx`'s own for its parent.
 */
export function transitionsUpTo(parent: string, ops: string, cx: string): number {
  const cxParent = cx.slice(0, -1);
  if (parent < cxParent) return ops.length;
  if (parent > cxParent) return 0;
  const last = cx.slice(-1);
  let n = 0;
  for (const c of ops) if (c <= last) n++;
  return n;
}

/** The earlier of two violating paths found at one level (either may be absent). */
export function earlierPath<T extends { readonly path: string }>(a: T | null, b: T | null): T | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.path < a.path ? b : a;
}
