/**
 * Worlds after a step, corrupted where the transition laws look, with the records the corruption
 * wrote added to the step's changed records: so that every law has violations for the restricted
 * laws (checkTransition's `changed`) to agree with the whole ones on. A corruption replaces records
 * of the world after with new objects (never writing the objects it shares with the world before),
 * so a record not listed stays the same object in both worlds, as the search in place promises.
 */
import fc from 'fast-check';
import type { ChangedRecords } from '../../src/invariants/changed-records.js';
import type { World } from '../../src/model/world.js';
import { TABLES } from '../../src/ops/run/footprint.js';

type Rec = Readonly<Record<string, unknown>>;
type Table = Record<number, Rec>;

export const CORRUPTIONS = [
  'revive',
  'repoint',
  'reparent',
  'resize',
  'pipe',
  'relinkDir',
  'children',
  'newFile',
  'noise',
  'drop',
] as const;

export interface Corruption {
  readonly kind: (typeof CORRUPTIONS)[number];
  readonly a: number;
  readonly b: number;
}

export const corruptionArb: fc.Arbitrary<Corruption> = fc.record({
  kind: fc.constantFrom(...CORRUPTIONS),
  a: fc.nat(),
  b: fc.nat(),
});

const pick = <T>(xs: readonly T[], n: number): T | undefined => (xs.length === 0 ? undefined : xs[n % xs.length]);
const num = (x: unknown): number => (typeof x === 'number' ? x : -1);

/** The world `live` with `cs` applied (copies of the tables written), and `frame` with their records added. */
export function corrupt(
  live: World,
  frame: ChangedRecords,
  pid: number,
  cs: readonly Corruption[],
): { after: World; changed: ChangedRecords } {
  const after: Record<string, unknown> = { ...live };
  const kinds = frame.kinds.slice(0, frame.count);
  const ids = frame.ids.slice(0, frame.count);
  const copied = new Set<string>();
  const table = (t: (typeof TABLES)[number]): Table => after[t] as Table;
  const records = (t: (typeof TABLES)[number]): Rec[] => Object.values(table(t));
  const put = (t: (typeof TABLES)[number], id: number, rec: Rec | undefined): void => {
    if (!copied.has(t)) {
      after[t] = { ...table(t) };
      copied.add(t);
    }
    if (rec === undefined) delete table(t)[id];
    else table(t)[id] = rec;
    kinds.push(TABLES.indexOf(t));
    ids.push(id);
  };
  for (const c of cs) {
    const dentry = pick(records('dentries'), c.b);
    switch (c.kind) {
      case 'revive': {
        const ino = pick(
          records('inodes').filter((i) => i['i_nlink'] === 0),
          c.a,
        );
        if (ino === undefined || dentry === undefined) break;
        put('inodes', num(ino['id']), { ...ino, i_nlink: 1 });
        put('dentries', num(dentry['id']), { ...dentry, d_inode: ino['id'], d_unhashed: false });
        break;
      }
      case 'repoint': {
        const ino = pick(records('inodes'), c.a);
        if (ino !== undefined && dentry !== undefined)
          put('dentries', num(dentry['id']), { ...dentry, d_inode: ino['id'], d_unhashed: false });
        break;
      }
      case 'reparent': {
        const parent = pick(records('dentries'), c.a);
        if (parent !== undefined && dentry !== undefined)
          put('dentries', num(dentry['id']), { ...dentry, d_parent: parent['id'] });
        break;
      }
      case 'resize': {
        const ino = pick(
          records('inodes').filter((i) => i['type'] === 'reg'),
          c.a,
        );
        if (ino !== undefined) put('inodes', num(ino['id']), { ...ino, i_size: num(ino['i_size']) + 1 + (c.b % 3) });
        break;
      }
      case 'pipe': {
        const ino = pick(
          records('inodes').filter((i) => i['i_pipe'] !== null && i['i_pipe'] !== undefined),
          c.a,
        );
        const pipe = ino?.['i_pipe'] as Rec | undefined;
        if (ino === undefined || pipe === undefined) break;
        const buf = String(pipe['buf']);
        const bufs = [`${[...buf].reverse().join('')}x`, `q${buf}`, buf.slice(1), `${buf}q`];
        put('inodes', num(ino['id']), { ...ino, i_pipe: { ...pipe, buf: pick(bufs, c.b) } });
        break;
      }
      case 'relinkDir': {
        const sb = pick(records('superblocks'), c.a);
        if (sb !== undefined)
          put('superblocks', num(sb['id']), { ...sb, s_relink_dir: c.b % 3 === 0 ? null : (dentry?.['id'] ?? null) });
        break;
      }
      case 'children': {
        const dir = pick(records('dentries'), c.a);
        if (dir === undefined || dentry === undefined) break;
        const children = { ...(dir['d_children'] as Record<string, number>) };
        const names = Object.keys(children);
        if (c.b % 2 === 0 && names.length > 0) delete children[names[c.b % names.length] ?? ''];
        else children[`n${c.b % 5}`] = num(dentry['id']);
        put('dentries', num(dir['id']), { ...dir, d_children: children });
        break;
      }
      case 'newFile': {
        const task = table('tasks')[pid];
        const fdt = task === undefined ? undefined : table('fdtables')[num(task['files'])];
        const file = pick(records('files'), c.a);
        const ino = pick(records('inodes'), c.b);
        if (fdt === undefined || file === undefined || ino === undefined) break;
        const id = Math.max(0, ...Object.keys(table('files')).map(Number)) + 1;
        put('files', id, { ...file, id, f_inode: ino['id'] });
        const fds = { ...(fdt['fds'] as Record<number, Rec>), [20 + (c.b % 4)]: { file: id, cloexec: false } };
        put('fdtables', num(fdt['id']), { ...fdt, fds });
        break;
      }
      case 'noise':
      case 'drop': {
        // Any table (tasks are keyed by pid, not by an id field): listed unchanged, or deleted.
        const t = pick(TABLES, c.a) ?? 'inodes';
        const id = pick(Object.keys(table(t)).map(Number), c.b);
        if (id !== undefined) put(t, id, c.kind === 'noise' ? table(t)[id] : undefined);
        break;
      }
    }
  }
  return { after: after as unknown as World, changed: { kinds, ids, count: kinds.length } };
}
