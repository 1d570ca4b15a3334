/**
 * The result file of one shard (`relinklab check --shard I/N --out-shard FILE`), and its reader.
 * A file says which search it belongs to (kernel, depth, shard count, a digest of the alphabet),
 * so `merge` can refuse files of different searches; the reader checks every field's type, so a
 * truncated or hand-edited file is refused with one line instead of a wrong count.
 */
import { createHash } from 'node:crypto';
import type { LevelCounts, LevelOutcome, ShardLastLevel, ShardPrefix } from './bfs-levels.js';
import type { Expanded, KeyPath, LevelViolation, ShardSpec } from './bfs-owner.js';
import { ShardFileError } from '../../model/errors.js';
import { isPath } from './path-code.js';
import type { Op } from '../relink-alphabet.js';
import type { Violation } from '../../invariants/violation.js';

export const SHARD_FORMAT = 'relinklab-shard/1';

export interface ShardFile {
  readonly format: typeof SHARD_FORMAT;
  readonly kernel: string;
  readonly depth: number;
  readonly shard: ShardSpec;
  /** SHA-1 of the alphabet: paths in the file are indices into it. */
  readonly alphabet: string;
  readonly workers: number;
  readonly millis: number;
  readonly heapBytes: number;
  /** 'complete' when the search ended before its last level (the same in every shard). */
  readonly result: LevelOutcome;
}

export function alphabetDigest(alphabet: readonly Op[]): string {
  return createHash('sha1').update(JSON.stringify(alphabet)).digest('hex');
}

type Json = unknown;

/** Field readers: each returns the value with its type or throws naming the field. */
class Reader {
  constructor(
    private readonly file: string,
    private readonly alphabetSize: number,
  ) {}

  fail(where: string, what: string): never {
    throw new ShardFileError(this.file, `${where}: ${what}`);
  }

  obj(v: Json, where: string): Record<string, Json> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(where, 'expected an object');
    return v as Record<string, Json>;
  }

  int(v: Json, where: string, min = 0): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.fail(where, `expected an integer >= ${min}`);
    return v;
  }

  num(v: Json, where: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) this.fail(where, 'expected a number >= 0');
    return v;
  }

  str(v: Json, where: string): string {
    if (typeof v !== 'string') this.fail(where, 'expected a string');
    return v;
  }

  arr(v: Json, where: string): Json[] {
    if (!Array.isArray(v)) this.fail(where, 'expected an array');
    return v as Json[];
  }

  path(v: Json, where: string, length: number): string {
    const s = this.str(v, where);
    if (s.length !== length || !isPath(s, this.alphabetSize)) this.fail(where, `expected a path of ${length} ops`);
    return s;
  }

  /** The ops that ran from one state: distinct path characters in ascending order. */
  ops(v: Json, where: string): string {
    const s = this.str(v, where);
    if (!isPath(s, this.alphabetSize) || [...s].some((c, i) => i > 0 && c <= (s[i - 1] ?? ''))) {
      this.fail(where, 'expected ops in ascending order');
    }
    return s;
  }

  key(v: Json, where: string): string {
    const s = this.str(v, where);
    if (!/^[A-Za-z0-9+/]{27}=$/.test(s)) this.fail(where, 'expected a state key (base64 SHA-1)');
    return s;
  }

  pair(v: Json, where: string): [Json, Json] {
    const a = this.arr(v, where);
    if (a.length !== 2) this.fail(where, 'expected a pair');
    return [a[0], a[1]];
  }

  violation(v: Json, where: string, length: number): LevelViolation | null {
    if (v === null) return null;
    const o = this.obj(v, where);
    const violations = this.arr(o['violations'], `${where}.violations`).map((x, i): Violation => {
      const e = this.obj(x, `${where}.violations[${i}]`);
      return { invariant: this.str(e['invariant'], 'invariant'), message: this.str(e['message'], 'message') };
    });
    if (violations.length === 0) this.fail(`${where}.violations`, 'expected at least one');
    return { path: this.path(o['path'], `${where}.path`, length), violations };
  }

  levels(v: Json, where: string): number[] {
    return this.arr(v, where).map((x, i) => this.int(x, `${where}[${i}]`));
  }
}

function readCounts(r: Reader, v: Json, maxDepth: number): LevelCounts {
  const o = r.obj(v, 'result.counts');
  const depth = r.int(o['depth'], 'result.counts.depth', 1);
  if (depth > maxDepth) r.fail('result.counts.depth', `deeper than the search (${maxDepth})`);
  return {
    depth,
    distinctStates: r.int(o['distinctStates'], 'result.counts.distinctStates', 1),
    transitions: r.int(o['transitions'], 'result.counts.transitions'),
    statesPerLevel: r.levels(o['statesPerLevel'], 'result.counts.statesPerLevel'),
    queue: r.int(o['queue'], 'result.counts.queue'),
    violation: r.violation(o['violation'], 'result.counts.violation', depth),
  };
}

function readPrefix(r: Reader, v: Json, depth: number): ShardPrefix {
  const o = r.obj(v, 'result.prefix');
  const statesPerLevel = r.levels(o['statesPerLevel'], 'result.prefix.statesPerLevel');
  if (statesPerLevel.length !== depth) r.fail('result.prefix.statesPerLevel', `expected ${depth} levels`);
  return {
    statesPerLevel,
    transitions: r.int(o['transitions'], 'result.prefix.transitions'),
    digest: r.key(o['digest'], 'result.prefix.digest'),
  };
}

function readLast(r: Reader, v: Json, depth: number): ShardLastLevel {
  const o = r.obj(v, 'result.last');
  const expanded = r.arr(o['expanded'], 'result.last.expanded').map((x, i): Expanded => {
    const [p, ops] = r.pair(x, `result.last.expanded[${i}]`);
    return [r.path(p, `result.last.expanded[${i}][0]`, depth - 1), r.ops(ops, `result.last.expanded[${i}][1]`)];
  });
  const found = r.arr(o['found'], 'result.last.found').map((x, i): KeyPath => {
    const [k, p] = r.pair(x, `result.last.found[${i}]`);
    return [r.key(k, `result.last.found[${i}][0]`), r.path(p, `result.last.found[${i}][1]`, depth)];
  });
  return {
    transitions: r.int(o['transitions'], 'result.last.transitions'),
    expanded,
    found,
    violation: r.violation(o['violation'], 'result.last.violation', depth),
  };
}

function readResult(r: Reader, v: Json, depth: number): LevelOutcome {
  const o = r.obj(v, 'result');
  if (o['kind'] === 'complete') return { kind: 'complete', counts: readCounts(r, o['counts'], depth) };
  if (o['kind'] === 'shard')
    return { kind: 'shard', prefix: readPrefix(r, o['prefix'], depth), last: readLast(r, o['last'], depth) };
  return r.fail('result.kind', 'expected "complete" or "shard"');
}

/** Parse and check a shard file's text; `file` names it in errors. */
export function parseShardFile(text: string, file: string, alphabet: readonly Op[]): ShardFile {
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ShardFileError(file, `not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = new Reader(file, alphabet.length);
  const o = r.obj(json, 'file');
  if (o['format'] !== SHARD_FORMAT) r.fail('format', `expected "${SHARD_FORMAT}" (not a relinklab shard file?)`);
  const depth = r.int(o['depth'], 'depth', 1);
  const s = r.obj(o['shard'], 'shard');
  const count = r.int(s['count'], 'shard.count', 1);
  const index = r.int(s['index'], 'shard.index');
  if (index >= count) r.fail('shard', `index ${index} is not below count ${count}`);
  const result = readResult(r, o['result'], depth);
  return {
    format: SHARD_FORMAT,
    kernel: r.str(o['kernel'], 'kernel'),
    depth,
    shard: { index, count },
    alphabet: r.str(o['alphabet'], 'alphabet'),
    workers: r.int(o['workers'], 'workers', 1),
    millis: r.num(o['millis'], 'millis'),
    heapBytes: r.num(o['heapBytes'], 'heapBytes'),
    result,
  };
}
