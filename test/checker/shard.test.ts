import { describe, expect, it } from 'vitest';
import { mergeShards } from '../../src/checker/search/merge.js';
import { RELINK_ALPHABET } from '../../src/checker/relink-alphabet.js';
import { ShardFileError } from '../../src/model/errors.js';
import { parseShardFile } from '../../src/checker/search/shard-file.js';
import { answer, shardFiles, sharded, single } from './search-helpers.js';

describe('a sharded exhaustive search, merged', () => {
  it('has the single run’s distinct states and transitions at depth 5 with 3 shards', async () => {
    const one = single('relink', 5);
    const merged = await sharded('relink', 5, 3);
    expect(merged.distinctStates).toBe(one.distinctStates);
    expect(merged.transitions).toBe(one.transitions);
  });

  it('has the single run’s levels, queue and depth at depth 5 with 3 shards', async () => {
    expect(answer(await sharded('relink', 5, 3))).toEqual(answer(single('relink', 5)));
  });

  it('is the same for one shard as for the single run', async () => {
    expect(answer(await sharded('relink', 4, 1))).toEqual(answer(single('relink', 4)));
  });

  it('finds a seeded bug’s shortest counterexample when it lies at the last level (fifo-relink-drops-buffer, depth 5)', async () => {
    const one = single('fifo-relink-drops-buffer', 5);
    const merged = await sharded('fifo-relink-drops-buffer', 5, 3);
    expect(one.counterexample?.ops.length).toBe(5);
    expect(merged.counterexample?.ops.map((o) => o.label)).toEqual(one.counterexample?.ops.map((o) => o.label));
  });

  it('finds a seeded bug’s shortest counterexample when it lies before the last level (relink-keeps-orphan, depth 5)', async () => {
    const one = single('relink-keeps-orphan', 5);
    const merged = await sharded('relink-keeps-orphan', 5, 3);
    expect(merged.counterexample?.ops.length).toBe(one.counterexample?.ops.length);
    expect(merged.counterexample?.ops).toEqual(one.counterexample?.ops);
  });

  it('counts up to the violation as the single run does when a shard stops there', async () => {
    expect(answer(await sharded('fifo-relink-drops-buffer', 5, 3))).toEqual(
      answer(single('fifo-relink-drops-buffer', 5)),
    );
  });
});

describe('merge refuses', () => {
  it('shard files from different depths', async () => {
    const [a, b] = await shardFiles('relink', 3, 2);
    const [, deeper] = await shardFiles('relink', 4, 2);
    if (a === undefined || b === undefined || deeper === undefined) throw new Error('no shards');
    expect(() => mergeShards([a, deeper])).toThrow(/depth 4.*not kernel relink, depth 3/);
  });

  it('shard files from different kernels', async () => {
    const [a] = await shardFiles('relink', 3, 2);
    const [, other] = await shardFiles('mainline', 3, 2);
    if (a === undefined || other === undefined) throw new Error('no shards');
    expect(() => mergeShards([a, other])).toThrow(/kernel mainline/);
  });

  it('a set with a shard missing', async () => {
    const [a] = await shardFiles('relink', 3, 2);
    if (a === undefined) throw new Error('no shards');
    expect(() => mergeShards([a])).toThrow('shard 1/2 is missing');
  });

  it('the same shard twice', async () => {
    const [a, b] = await shardFiles('relink', 3, 2);
    if (a === undefined || b === undefined) throw new Error('no shards');
    expect(() => mergeShards([a, b, { ...a, name: 'copy.json' }])).toThrow(
      'copy.json: shard 0/2 is also in shard-0.json',
    );
  });

  it('a shard whose earlier levels differ from the others', async () => {
    const [a, b] = await shardFiles('relink', 3, 2);
    if (a === undefined || b?.file.result.kind !== 'shard') throw new Error('no shards');
    const prefix = { ...b.file.result.prefix, transitions: b.file.result.prefix.transitions + 1 };
    const odd = { ...b, file: { ...b.file, result: { ...b.file.result, prefix } } };
    expect(() => mergeShards([a, odd])).toThrow(ShardFileError);
  });
});

describe('the shard file reader', () => {
  it('refuses a truncated file with one line naming it', async () => {
    const [a] = await shardFiles('relink', 3, 2);
    const text = JSON.stringify(a?.file).slice(0, 200);
    expect(() => parseShardFile(text, 'cut.json', RELINK_ALPHABET)).toThrow(/^cut\.json: not JSON/);
  });

  it('refuses a path that names an op outside the alphabet', async () => {
    const [a] = await shardFiles('relink', 3, 2);
    if (a?.file.result.kind !== 'shard') throw new Error('no shard');
    const [key] = a.file.result.last.found[0] ?? [];
    const bad = { ...a.file, result: { ...a.file.result, last: { ...a.file.result.last, found: [[key, 'zzz']] } } };
    expect(() => parseShardFile(JSON.stringify(bad), 'bad.json', RELINK_ALPHABET)).toThrow(
      'bad.json: result.last.found[0][1]: expected a path of 3 ops',
    );
  });

  it('refuses a shard index at or above the count', async () => {
    const [a] = await shardFiles('relink', 3, 2);
    const bad = { ...a?.file, shard: { index: 2, count: 2 } };
    expect(() => parseShardFile(JSON.stringify(bad), 'i.json', RELINK_ALPHABET)).toThrow(
      'index 2 is not below count 2',
    );
  });
});
