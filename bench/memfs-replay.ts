/**
 * The same calls through memfs's synchronous API (an in-memory fs in the same process): the peer
 * the model's replay throughput is measured against. Trace fds are the kernel's (lowest free, from
 * 3); memfs hands out its own, so opens record the mapping.
 *
 * memfs 4.80's renameSync is not POSIX when the new name exists: it does not drop the replaced
 * inode's link count, and it moves a name onto another name of the same inode (rename(2) then does
 * nothing). With `posixRename` the replayer puts those right with lstat and unlink first, so the
 * final file sets can be compared; without it memfs runs its plain API (the fastest peer).
 */
import { Volume } from 'memfs';
import type { Syscall } from '../src/model/syscall/syscall.js';
import { byPath, digest, type FileEntry } from './fileset.js';

/** What a call returned: 'ok' or the errno's name, as the model's results say it. */
export type Outcome = string;

export interface MemfsReplay {
  readonly vol: Volume;
  readonly outcomes: Outcome[];
}

const FIRST_FD = 3;

const codeOf = (e: unknown): string => {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string') throw e;
  return code;
};

/** rename(2) through memfs: lstat both names, nothing to do for one inode, else unlink the target first. */
function posixRename(vol: Volume, oldpath: string, newpath: string): void {
  let target;
  try {
    target = vol.lstatSync(newpath);
  } catch {
    vol.renameSync(oldpath, newpath);
    return;
  }
  const source = vol.lstatSync(oldpath);
  if (source.ino === target.ino) return;
  vol.unlinkSync(newpath);
  vol.renameSync(oldpath, newpath);
}

export function replayMemfs(calls: readonly Syscall[], o: { posixRename: boolean }): MemfsReplay {
  const vol = new Volume();
  const fds = new Map<number, number>();
  const outcomes: Outcome[] = [];
  const memfd = (fd: number): number => {
    const m = fds.get(fd);
    if (m === undefined) throw Object.assign(new Error('EBADF'), { code: 'EBADF' });
    return m;
  };
  for (const sc of calls) {
    try {
      switch (sc.call) {
        case 'mkdir':
          vol.mkdirSync(sc.path, sc.mode);
          break;
        case 'open': {
          const m = vol.openSync(sc.path, sc.flags, sc.mode);
          let fd = FIRST_FD;
          while (fds.has(fd)) fd++;
          fds.set(fd, m);
          break;
        }
        case 'write':
          vol.writeSync(memfd(sc.fd), sc.data, null, 'latin1');
          break;
        case 'close':
          vol.closeSync(memfd(sc.fd));
          fds.delete(sc.fd);
          break;
        case 'link':
          vol.linkSync(sc.oldpath, sc.newpath);
          break;
        case 'unlink':
          vol.unlinkSync(sc.path);
          break;
        case 'rename':
          if (o.posixRename) posixRename(vol, sc.oldpath, sc.newpath);
          else vol.renameSync(sc.oldpath, sc.newpath);
          break;
        default:
          throw new Error(`the memfs replayer does not run ${sc.call}`);
      }
      outcomes.push('ok');
    } catch (e) {
      outcomes.push(codeOf(e));
    }
  }
  return { vol, outcomes };
}

/** The regular files memfs holds, in the shape modelFiles gives. */
export function memfsFiles(vol: Volume): FileEntry[] {
  const out: FileEntry[] = [];
  const walk = (dir: string): void => {
    for (const name of vol.readdirSync(dir) as string[]) {
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      const st = vol.lstatSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) {
        const bytes = vol.readFileSync(path, 'latin1') as string;
        out.push({ path, size: Number(st.size), nlink: Number(st.nlink), sha1: digest(bytes) });
      }
    }
  };
  walk('/');
  return out.sort(byPath);
}
