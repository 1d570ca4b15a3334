// fs/namei.c: vfs_tmpfile → vfs_prepare_mode → fs/inode.c: mode_strip_sgid — an O_TMPFILE inode
// in a set-group-ID directory loses a group-executable S_ISGID when its creator is neither in the
// directory's group nor holds CAP_FSETID, as a named file does. Measured on this machine:
// test/corpus/programs/creds/sgid-dir.log line 68 (uid 1000, open("g", O_RDWR|O_TMPFILE, 02755)
// in root:1002 02777: S_IFREG|0755, gid 1002; docs/credentials-facts.md row 138).
import { describe, expect, it } from 'vitest';
import { O_RDWR, O_TMPFILE } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import { asUser } from '../helpers/as-user.js';
import { boot, call, must } from '../helpers/spec.js';

/** root:1002 02777 `g`, then task 1 logged in as 1000 (with `groups`), umask 022. */
function sgidDir(groups: readonly number[] = []): World {
  const w = must(
    boot(),
    { call: 'mkdir', path: 'g', mode: 0o777 },
    { call: 'chown', path: 'g', owner: 0, group: 1002 },
    { call: 'chmod', path: 'g', mode: 0o2777 },
  );
  const user = asUser(w, 1000, 1000, 0o022);
  const t = user.tasks[1];
  if (t === undefined) throw new Error('no task 1');
  return { ...user, tasks: { ...user.tasks, 1: { ...t, cred: { ...t.cred, groups } } } };
}

/** The mode and group fstat answers for an O_TMPFILE inode made in `g` with `mode`. */
function tmpfile(w: World, mode: number): { mode: number; gid: number } {
  const opened = call(w, { call: 'open', path: 'g', flags: O_RDWR | O_TMPFILE, mode });
  if (opened.result.ok !== true) throw new Error(`open: ${JSON.stringify(opened.result)}`);
  const st = call(opened.world, { call: 'fstat', fd: opened.result.ret }).result;
  if (st.ok !== true || st.stat === undefined) throw new Error('fstat failed');
  return { mode: st.stat.st_mode & 0o7777, gid: st.stat.st_gid };
}

describe('an O_TMPFILE inode in a set-group-ID directory (vfs_tmpfile: vfs_prepare_mode)', () => {
  it('drops a group-executable S_ISGID of a creator outside the group: 02755 becomes 0755, gid 1002', () => {
    expect(tmpfile(sgidDir(), 0o2755)).toEqual({ mode: 0o755, gid: 1002 });
  });

  it('keeps it for a member of the group', () => {
    expect(tmpfile(sgidDir([1002]), 0o2755)).toEqual({ mode: 0o2755, gid: 1002 });
  });

  it('keeps S_ISGID without group-exec (02745)', () => {
    expect(tmpfile(sgidDir(), 0o2745)).toEqual({ mode: 0o2745, gid: 1002 });
  });
});
