// ext2 as Linux 6.1 mounts it with CONFIG_EXT4_USE_FOR_EXT2 (the ext4 driver, ext2_fs_type), each
// answer measured on this machine's 6.18 with mkfs.ext2 images (docs/model.md, "ext2"): ext3's
// rules but for the journal mkfs.ext2 leaves out and the relink series' FS_RELINK.
import { describe, expect, it } from 'vitest';
import { O_CREAT, O_DIRECT, O_RDWR, O_TMPFILE } from '../../src/model/flags.js';
import type { MountableFsType } from '../../src/model/fstype.js';
import type { World } from '../../src/model/world.js';
import { rDentry, rSb, rTask } from '../../src/ops/vfs/world-draft.js';
import { boot, ERR, must, openSc, res } from '../helpers/spec.js';

const rootOrphans = (w: World): readonly number[] => {
  const root = rTask(w, 1).root.dentry;
  return rSb(w, rDentry(w, root).d_sb).s_orphans;
};

const statOf = (w: World, path: string) => {
  const r = res(w, { call: 'stat', path });
  if (r.ok !== true || r.stat === undefined) throw new Error(JSON.stringify(r));
  return r.stat;
};

/** An open file whose only name is gone (measured: dumpe2fs shows it as ext3's first orphan). */
const heldUnlinked = (fs: MountableFsType): World =>
  must(boot(fs), openSc('/held', O_CREAT | O_RDWR), { call: 'unlink', path: '/held' });

describe('ext2 (the ext4 driver on a file system without a journal)', () => {
  it('records no orphan for an open file whose last name is gone (ext4_orphan_add needs a journal)', () => {
    expect(rootOrphans(heldUnlinked('ext2'))).toEqual([]);
    expect(rootOrphans(heldUnlinked('ext3'))).toHaveLength(1);
  });

  it('makes O_TMPFILE files (ext4_tmpfile) and opens regular files with O_DIRECT (ext4_aops)', () => {
    expect(res(boot('ext2'), openSc('/', O_TMPFILE | O_RDWR, 0o600)).ok).toBe(true);
    const w = must(boot('ext2'), openSc('/f', O_CREAT | O_RDWR));
    expect(res(w, openSc('/f', O_RDWR | O_DIRECT)).ok).toBe(true);
  });

  it('gives a new directory one block, st_size a block and 2 links, and its parent one link more', () => {
    const before = statOf(boot('ext2'), '/').st_nlink;
    const w = must(boot('ext2'), { call: 'mkdir', path: '/d', mode: 0o755 });
    expect(statOf(w, '/d')).toMatchObject({ st_nlink: 2, st_size: 4096, st_blocks: 8, st_blksize: 4096 });
    expect(statOf(w, '/').st_nlink).toBe(before + 1);
  });

  it('counts a 1-byte file as one block (st_blocks 8 with 4 KiB blocks)', () => {
    const w = must(boot('ext2'), openSc('/f', O_CREAT | O_RDWR), { call: 'write', fd: 3, data: 'x' });
    expect(res(w, { call: 'fstat', fd: 3 })).toMatchObject({ stat: { st_size: 1, st_blocks: 8 } });
  });

  it('refuses relink= under the relink series: ext2_fs_type is not FS_RELINK, so ext4_parse_param says EINVAL', () => {
    for (const [fs, answer] of [
      ['ext2', ERR('EINVAL')],
      ['ext3', { ok: true, ret: 0 }],
    ] as const) {
      const w = must(boot('ext4', 'relink'), { call: 'mkdir', path: '/mnt', mode: 0o755 });
      const mount = {
        call: 'mount' as const,
        source: '/dev/sdb',
        target: '/mnt',
        fstype: fs,
        flags: 0,
        data: 'relink=/',
      };
      expect(res(w, mount), fs).toMatchObject(answer);
    }
  });
});
