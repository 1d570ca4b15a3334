// The narration tells what each step changed, computed from the worlds before and after it.
import { produceWithPatches } from 'immer';
import { describe, expect, it } from 'vitest';
import { frameChanges } from '../../src/teach/changes.js';
import { explainTimeline } from '../../src/teach/explain.js';
import { narrate } from '../../src/teach/narrate.js';
import type { Frame } from '../../src/teach/timeline.js';
import { frameOf, timeline } from './helpers.js';

const told = (name: string, what: string): string => {
  const f = frameOf(timeline(name), what);
  return narrate(f, frameChanges(f)).sentences.join('\n');
};

describe('explain', () => {
  it("tells that the alias scenario's unlink took the inode's i_nlink from 2 to 1 (b still names it)", () => {
    expect(told('alias.yaml', 'unlink')).toContain("vfs_unlink took inode 13's i_nlink from 2 to 1.");
  });

  it("does not put the alias scenario's inode on the orphan list at the unlink", () => {
    expect(told('alias.yaml', 'unlink')).not.toContain('orphan');
  });

  it('tells that unlinking the last name took i_nlink from 1 to 0 and put the inode on the orphan list for the fd', () => {
    expect(told('orphan.yaml', 'unlink')).toContain(
      "vfs_unlink took inode 13's i_nlink from 1 to 0 and ext4_orphan_add put it on the ext4 orphan list because fd 3 of pid 2 still holds it.",
    );
  });

  it('tells that checkpoint relinked the orphan into relink_dir and took it off the orphan list', () => {
    const s = told('orphan.yaml', 'checkpoint');
    expect(s).toContain('added the name /ckpt/unlink-at-restart-13-0 (inode 13) in relink_dir');
    expect(s).toContain("->relink (generic_relink, patch 02) took inode 13's i_nlink from 0 to 1");
    expect(s).toContain('ext4_orphan_del took it off the ext4 orphan list');
  });

  it('tells what the checkpoint image records for each fd', () => {
    expect(told('orphan.yaml', 'checkpoint')).toContain(
      'checkpoint wrote a relink image of 1 file (/log (unlinked): relinked as /ckpt/unlink-at-restart-13-0, unlinked again at restart) for fd 3 of pid 2 → /log.',
    );
  });

  it("tells that a fifo's pipe buffer travels in the image, since it was never on disk", () => {
    expect(told('fifo.yaml', 'checkpoint')).toContain('with its 13-byte pipe buffer saved in the image');
  });

  it('tells that killing the task closed its fd and freed the file with __fput', () => {
    const s = told('orphan.yaml', 'kill');
    expect(s).toContain('exit_files closed fd 3 of pid 2');
    expect(s).toContain('__fput freed file 4 (/log (deleted))');
  });

  it('tells which relinked names the backup carried to the new machine', () => {
    expect(told('orphan.yaml', 'backup')).toContain('relink_dir carried /ckpt/unlink-at-restart-13-0');
  });

  it('tells that restart unlinked the relinked name and the inode is an orphan again', () => {
    const s = told('orphan.yaml', 'restart');
    expect(s).toContain('removed the name /ckpt/unlink-at-restart-13-0 (inode 13) in relink_dir');
    expect(s).toContain("vfs_unlink took inode 13's i_nlink from 1 to 0 and ext4_orphan_add");
  });

  it('says so when a step changed nothing', () => {
    expect(told('orphan.yaml', 'fstat')).toBe('nothing in the model changed.');
  });

  it('names the kernel path of each syscall step', () => {
    const steps = explainTimeline(timeline('alias.yaml'));
    expect(steps.find((s) => s.title === 'pid 2: unlink("/a")')?.kernel).toBe('fs/namei.c: do_unlinkat → vfs_unlink');
  });

  it('derives sentences from the worlds, not the scenario: a hand-made i_count change is told as iput', () => {
    const f = frameOf(timeline('orphan.yaml'), 'fstat');
    const [after, patches] = produceWithPatches(f.after.world, (d) => {
      const i = d.inodes[1];
      if (i !== undefined) i.i_count = 5;
    });
    const forged: Frame = { ...f, before: f.after, after: { ...f.after, world: after }, patches };
    expect(narrate(forged, frameChanges(forged)).sentences).toEqual([`ihold took inode 2's i_count from 1 to 5.`]);
  });
});
