/**
 * st_ino, st_dev and mnt_id in scenario expectations: the model numbers its own inodes, devices
 * and mounts, so a scenario names them (`expect: {st_ino: a, mnt_id: root}`), and they are checked
 * up to renaming, the rule the trace replay uses (src/trace/replay-compare.ts: Renaming): one name
 * is one object all along, two names are two objects.
 */
import type { World } from '../model/world.js';
import type { SysResult } from '../ops/vfs/result.js';
import { Renaming } from '../trace/replay-compare.js';
import { InputError } from '../model/errors.js';
import type { YamlValue } from './yaml.js';

export const ID_FIELDS = ['st_ino', 'st_dev', 'mnt_id'] as const;
export type IdField = (typeof ID_FIELDS)[number];
export type IdLabels = Readonly<Partial<Record<IdField, string>>>;

const WHAT: Record<IdField, string> = { st_ino: 'inode', st_dev: 'device', mnt_id: 'mount' };

/** The names an `expect:` mapping gives, and the mapping without them (for expectedFrom). */
export function splitIdLabels(
  expect: { [k: string]: YamlValue },
  file: string,
  line: number,
): { labels: IdLabels | null; rest: { [k: string]: YamlValue } } {
  const labels: Partial<Record<IdField, string>> = {};
  const rest = { ...expect };
  for (const k of ID_FIELDS) {
    const v = expect[k];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !/^[A-Za-z_][\w.-]*$/.test(v))
      throw new InputError(
        file,
        line,
        `expect.${k}: name the ${WHAT[k]} (e.g. ${k}: a); the model numbers its own, so a scenario says which are the same`,
      );
    labels[k] = v;
    delete rest[k];
  }
  return { labels: Object.keys(labels).length > 0 ? labels : null, rest };
}

/** The model's value of a field, as the renaming keys it (an inode number is per device). */
function modelValue(r: SysResult, k: IdField): string | null {
  if (r.ok !== true || r.stat === undefined) return null;
  const s = r.stat;
  if (k === 'st_ino') return `${s.st_dev}:${s.st_ino}`;
  if (k === 'st_dev') return String(s.st_dev);
  return s.mnt_id === undefined ? null : String(s.mnt_id);
}

/** The names seen so far in one scenario run. */
export class IdNames {
  private readonly names: Record<IdField, Renaming<string, string>> = {
    st_ino: new Renaming(),
    st_dev: new Renaming(),
    mnt_id: new Renaming(),
  };

  /** Where a result breaks the names (empty when it keeps them); a new pair is recorded. */
  check(labels: IdLabels, r: SysResult): string[] {
    const out: string[] = [];
    for (const k of ID_FIELDS) {
      const label = labels[k];
      if (label === undefined) continue;
      const value = modelValue(r, k);
      if (value === null) {
        out.push(`${k}: expected ${label}, model ${r.ok === false ? r.errno : 'has none'}`);
        continue;
      }
      const names = this.names[k];
      const other = names.modelFor(value);
      if (names.agrees(label, value)) continue;
      // Either the value already has another name, or the name already has another value.
      if (other !== undefined && other !== label) out.push(`${k}: ${label} is the ${WHAT[k]} named ${other}`);
      else out.push(`${k}: ${label} is another ${WHAT[k]} here`);
    }
    return out;
  }
}

/** What the model holds after a call: inodes (device:number), devices and mount ids. */
export interface ModelIds {
  readonly inos: ReadonlySet<string>;
  readonly devs: ReadonlySet<number>;
  readonly mnts: ReadonlySet<number>;
}

/** The model's objects now, so that a comparison can forget pairs whose object is gone. */
export function modelIds(w: World): ModelIds {
  const devOf = (sb: number): number | undefined => w.superblocks[sb]?.s_dev;
  return {
    inos: new Set(Object.values(w.inodes).map((i) => `${devOf(i.i_sb)}:${i.i_ino}`)),
    devs: new Set(Object.values(w.superblocks).map((s) => s.s_dev)),
    mnts: new Set(Object.values(w.mounts).map((m) => m.mnt_id)),
  };
}
