// fs/namei.c: lookup_open → vfs_prepare_mode — an O_CREAT open strips a group-executable S_ISGID
// (fs/inode.c: mode_strip_sgid) before the umask takes the group-exec bit away, so with umask 077
// uid 1000 outside the directory's group gets 0700 for 02777, not 02700. Found by
// scenarios/creds/set-id-bits.yaml on this machine's 6.18 (the executor: S_IFREG|0700, gid 100)
// and on the QEMU 6.1 kernels, whose vfs_prepare_mode has the same order.
import { describe, expect, it } from 'vitest';
import { O_CREAT, O_RDWR } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import { asUser } from '../helpers/as-user.js';
import { boot, call, must } from '../helpers/spec.js';

/** root:100 02777 `g`, then task 1 logged in as 1000 (in no group but its own), with `umask`. */
function sgidDir(umask: number): World {
  const w = must(
    boot(),
    { call: 'mkdir', path: 'g', mode: 0o777 },
    { call: 'chown', path: 'g', owner: 0, group: 100 },
    { call: 'chmod', path: 'g', mode: 0o2777 },
  );
  return asUser(w, 1000, 1000, umask);
}

/** The mode and group fstat answers for `g/f` created with `mode`. */
function created(w: World, mode: number): { mode: number; gid: number } {
  const opened = call(w, { call: 'open', path: 'g/f', flags: O_RDWR | O_CREAT, mode });
  if (opened.result.ok !== true) throw new Error(`open: ${JSON.stringify(opened.result)}`);
  const st = call(opened.world, { call: 'fstat', fd: opened.result.ret }).result;
  if (st.ok !== true || st.stat === undefined) throw new Error('fstat failed');
  return { mode: st.stat.st_mode & 0o7777, gid: st.stat.st_gid };
}

describe('an O_CREAT file in a set-group-ID directory (lookup_open: vfs_prepare_mode)', () => {
  it('loses S_ISGID before the umask 077 clears group-exec: 02777 becomes 0700', () => {
    expect(created(sgidDir(0o077), 0o2777)).toEqual({ mode: 0o700, gid: 100 });
  });

  it('loses it with umask 022 too: 02777 becomes 0755', () => {
    expect(created(sgidDir(0o022), 0o2777)).toEqual({ mode: 0o755, gid: 100 });
  });

  it('keeps S_ISGID asked without group-exec (02747, umask 022 leaves 02745)', () => {
    expect(created(sgidDir(0o022), 0o2747)).toEqual({ mode: 0o2745, gid: 100 });
  });
});
