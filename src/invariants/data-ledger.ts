/**
 * Bytes written are read back: after a write to a regular file returns n, the n bytes it was given
 * are what the file holds at the position it wrote (POSIX write(2): "any successful read() from
 * each byte position in the file that was modified by that write shall return the data specified
 * by the write()"), and a read returns what the file holds at the position it read. The position
 * is derived here from the call, not taken from the write path: the file's f_pos, pwrite64's
 * offset, or the end of the file with O_APPEND, also for pwrite64 (pwrite(2), BUGS).
 */
import { FMODE_READ } from '../model/file.js';
import { O_APPEND } from '../model/flags.js';
import type { World } from '../model/world.js';
import { bytesText, readData } from '../ops/vfs/pagecache.js';
import type { SysResult } from '../ops/vfs/result.js';
import type { Syscall } from '../model/syscall/syscall.js';
import type { Violation } from './violation.js';

const law = 'readBackWhatWasWritten';

/** The regular file `fd` of `pid` names in `w`, with its inode. */
function regFile(w: World, pid: number, fd: number) {
  const file = w.files[w.fdtables[w.tasks[pid]?.files ?? -1]?.fds[fd]?.file ?? -1];
  const inode = file === undefined ? undefined : w.inodes[file.f_inode];
  return file === undefined || inode === undefined || inode.type !== 'reg' ? null : { file, inode };
}

export function readBackWhatWasWritten(
  before: World,
  after: World,
  pid: number,
  sc: Syscall,
  result: SysResult,
): Violation[] {
  if (result.ok !== true || result.ret <= 0) return [];
  if (sc.call === 'write' || sc.call === 'pwrite64') {
    const f = regFile(before, pid, sc.fd);
    const now = f === null ? undefined : after.inodes[f.inode.id];
    if (f === null || now === undefined) return [];
    const append = (f.file.f_flags & O_APPEND) !== 0;
    const at = append ? f.inode.i_size : sc.call === 'pwrite64' ? sc.offset : f.file.f_pos;
    const want = sc.data.slice(0, result.ret);
    const got = readData(now.i_data, now.i_size, at, want.length);
    if (got === want) return [];
    return [
      {
        invariant: law,
        message: `${sc.call} of ${want.length} bytes at ${at}: the file holds ${JSON.stringify(got)} there`,
      },
    ];
  }
  if ((sc.call === 'read' || sc.call === 'pread64') && result.data !== undefined) {
    const f = regFile(before, pid, sc.fd);
    if (f === null || (f.file.f_mode & FMODE_READ) === 0) return [];
    const at = sc.call === 'pread64' ? sc.offset : f.file.f_pos;
    const want = readData(f.inode.i_data, f.inode.i_size, at, result.ret);
    const got = bytesText(result.data);
    if (got === want) return [];
    return [
      {
        invariant: law,
        message: `${sc.call} at ${at} returned ${JSON.stringify(got)}; the file holds ${JSON.stringify(want)}`,
      },
    ];
  }
  return [];
}
