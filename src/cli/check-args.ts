/**
 * The scale-out arguments of `relinklab check` (--workers, --shard, --out-shard, --path), checked
 * before anything runs or is written, each failure one line (exit 2).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ShardSpec } from '../checker/search/bfs-owner.js';
import { InputError } from '../model/errors.js';

export interface ScaleArgs {
  readonly mode: string;
  readonly mutation: boolean;
  readonly out: string;
  readonly workers?: number;
  readonly shard?: string;
  readonly outShard?: string;
  readonly path?: string;
}

export const MAX_WORKERS = 64;

/** "I/N" with 0 <= I < N: shard I of N. */
export function parseShardSpec(s: string): ShardSpec {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || count < 1 || index >= count || count > 1_000_000)
    throw new InputError('--shard', 0, `"${s}" is not I/N with 0 <= I < N (shards count from 0)`);
  return { index, count };
}

/** A file can be written there: its directory exists (checked up front, not after a long run). */
export function checkWritable(option: string, file: string): void {
  const dir = dirname(file);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new InputError(option, 0, `cannot write ${file}: no directory ${dir}`);
  // Checked before the search, which may run for minutes, rather than failing at its end.
  if (existsSync(file) && statSync(file).isDirectory())
    throw new InputError(option, 0, `cannot write ${file}: it is a directory`);
}

export function validateScaleArgs(a: ScaleArgs): void {
  const workers = a.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS)
    throw new InputError('--workers', 0, `must be an integer from 1 to ${MAX_WORKERS}`);
  if (workers > 1 && (a.mode !== 'exhaustive' || a.mutation))
    throw new InputError('--workers', 0, 'applies to one exhaustive search (--mode exhaustive, no --mutation)');
  if (a.shard !== undefined) {
    parseShardSpec(a.shard);
    if (a.mode !== 'exhaustive' || a.mutation)
      throw new InputError('--shard', 0, 'applies to one exhaustive search (--mode exhaustive, no --mutation)');
    if (a.outShard === undefined) throw new InputError('--shard', 0, 'needs --out-shard FILE for the result');
    checkWritable('--out-shard', a.outShard);
  } else if (a.outShard !== undefined) throw new InputError('--out-shard', 0, 'needs --shard I/N');
  if (a.path !== undefined) {
    if (a.mode !== 'random' || a.mutation) throw new InputError('--path', 0, 'replays a --mode random counterexample');
    if (!/^\d+(:\d+)*$/.test(a.path))
      throw new InputError('--path', 0, `"${a.path}" is not a fast-check path (like 12:0:3)`);
  }
  checkWritable('--out', a.out);
}
