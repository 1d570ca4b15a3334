/**
 * Comparing the numbers the model chooses itself (inode, device, mount) with the kernel's: up to a
 * one-to-one renaming, the trace replay's rule (src/trace/replay-compare.ts: Renaming). A pair is
 * forgotten once the model no longer has its object (the kernel may then reuse the number, as
 * ext4 does inode numbers and the mount id allocator ids); a /proc object's numbers are procfs's,
 * which the model does not keep (it answers 0 for both).
 */
import type { ModelIds } from '../scenario/ids.js';
import { Renaming } from '../trace/replay-compare.js';
import type { Expected } from '../trace/jsonl.js';

type Ids = Pick<Expected, 'st_ino' | 'st_dev' | 'mnt_id'>;

/** One renaming per kind across a trace. */
export class IdComparer {
  private readonly inos = new Renaming<string, string>();
  private readonly devs = new Renaming<number, number>();
  private readonly mnts = new Renaming<number, number>();

  /** Forget the pairs whose model object is gone. */
  prune(live: ModelIds): void {
    this.inos.forgetModelUnless((m) => live.inos.has(m));
    this.devs.forgetModelUnless((m) => live.devs.has(m));
    this.mnts.forgetModelUnless((m) => live.mnts.has(m));
  }

  /** Which of the numbers disagree with the pairs seen so far (a new pair is recorded). */
  differ(kernel: Ids, model: Ids): string[] {
    if (model.st_ino === 0 && model.st_dev === 0) return [];
    const out: string[] = [];
    const { st_ino: ki, st_dev: kd, mnt_id: km } = kernel;
    const { st_ino: mi, st_dev: md, mnt_id: mm } = model;
    if (ki !== undefined && mi !== undefined && kd !== undefined && md !== undefined) {
      if (!this.inos.agrees(`${md}:${mi}`, `${kd}:${ki}`)) out.push('st_ino');
      if (!this.devs.agrees(md, kd)) out.push('st_dev');
    }
    if ((km === undefined) !== (mm === undefined)) out.push('mnt_id');
    else if (km !== undefined && mm !== undefined && !this.mnts.agrees(mm, km)) out.push('mnt_id');
    return out;
  }
}
