/**
 * Which skipped calls may have changed what the model holds, and what: only a call that succeeded
 * (and, for the copying calls, moved at least one byte) changes anything, and only the files named
 * by the arguments it writes through. A difference on a tainted inode is "unknown", not a
 * mismatch; a failed call taints nothing, so a later real difference stays a mismatch.
 */
import type { StraceReturn, StraceValue } from './strace-ast.js';

interface TaintRule {
  /** Argument positions of descriptors whose file the call may change. */
  readonly fds: readonly number[];
  /** Argument positions of paths whose file the call may change (with the dirfd before it, if any). */
  readonly paths: readonly { readonly path: number; readonly dirfd?: number }[];
  /** Whether this answer means the call changed something. */
  readonly changed: (ret: StraceReturn, args: readonly StraceValue[]) => boolean;
}

const succeeded = (ret: StraceReturn): boolean => ret.kind === 'unknown' || (ret.kind === 'value' && ret.value >= 0);
/** A copy or write that moved no byte changed nothing (a copy_file_range at EOF returns 0). */
const movedBytes = (ret: StraceReturn): boolean => ret.kind === 'unknown' || (ret.kind === 'value' && ret.value > 0);

const flagText = (v: StraceValue | undefined): string => (v !== undefined && v.kind === 'flags' ? v.text : '');

const RULES: Readonly<Record<string, TaintRule>> = {
  chmod: { fds: [], paths: [{ path: 0 }], changed: succeeded },
  chown: { fds: [], paths: [{ path: 0 }], changed: succeeded },
  lchown: { fds: [], paths: [{ path: 0 }], changed: succeeded },
  fchmod: { fds: [0], paths: [], changed: succeeded },
  fchown: { fds: [0], paths: [], changed: succeeded },
  fchmodat: { fds: [], paths: [{ path: 1, dirfd: 0 }], changed: succeeded },
  fchmodat2: { fds: [], paths: [{ path: 1, dirfd: 0 }], changed: succeeded },
  fchownat: { fds: [], paths: [{ path: 1, dirfd: 0 }], changed: succeeded },
  fallocate: { fds: [0], paths: [], changed: succeeded },
  // system.posix_acl_access sets the mode bits too (cp -a copies a mode through it).
  setxattr: { fds: [], paths: [{ path: 0 }], changed: succeeded },
  lsetxattr: { fds: [], paths: [{ path: 0 }], changed: succeeded },
  fsetxattr: { fds: [0], paths: [], changed: succeeded },
  // Copies write their destination only.
  copy_file_range: { fds: [2], paths: [], changed: movedBytes },
  sendfile: { fds: [0], paths: [], changed: movedBytes },
  splice: { fds: [2], paths: [], changed: movedBytes },
  tee: { fds: [1], paths: [], changed: movedBytes },
  writev: { fds: [0], paths: [], changed: movedBytes },
  pwritev: { fds: [0], paths: [], changed: movedBytes },
  pwritev2: { fds: [0], paths: [], changed: movedBytes },
  // readv moves the file position, which later reads depend on.
  readv: { fds: [0], paths: [], changed: movedBytes },
  // FICLONE, FS_IOC_SETFLAGS...: any ioctl that succeeded may have changed the file.
  ioctl: { fds: [0], paths: [], changed: succeeded },
  // Only a shared writable mapping writes the file.
  mmap: {
    fds: [4],
    paths: [],
    changed: (ret, args) =>
      succeeded(ret) && flagText(args[2]).includes('PROT_WRITE') && flagText(args[3]).includes('MAP_SHARED'),
  },
};

/**
 * prctl's options that commit new credentials (security/commoncap.c: cap_task_prctl): keep-caps,
 * the securebits, the bounding set, and the ambient set but for PR_CAP_AMBIENT_IS_SET, which reads.
 */
const CRED_PRCTL = new Set(['PR_SET_KEEPCAPS', 'PR_SET_SECUREBITS', 'PR_CAPBSET_DROP', 'PR_CAP_AMBIENT']);

/**
 * Whether a skipped call may have changed its caller's credentials: a capset or such a prctl that
 * succeeded. The model implements neither, so what it holds of that task's credentials (and of a
 * child's it forks later) may be wrong from there on.
 */
export function changesCreds(name: string, args: readonly StraceValue[], ret: StraceReturn): boolean {
  if (!succeeded(ret)) return false;
  if (name === 'capset') return true;
  return name === 'prctl' && CRED_PRCTL.has(flagText(args[0])) && flagText(args[1]) !== 'PR_CAP_AMBIENT_IS_SET';
}

/** What a skipped call may have changed: fd and path arguments to taint (empty when nothing). */
export function taintTargets(
  name: string,
  args: readonly StraceValue[],
  ret: StraceReturn,
  num: (v: StraceValue | undefined) => number | null,
): { fds: number[]; paths: { path: string; dirfd: number | null }[] } {
  // A name from the log: only the table's own entries (not "constructor" or "__proto__").
  const rule = Object.hasOwn(RULES, name) ? RULES[name] : undefined;
  if (rule === undefined || !rule.changed(ret, args)) return { fds: [], paths: [] };
  const fds = rule.fds.map((i) => num(args[i])).filter((fd): fd is number => fd !== null && fd >= 0);
  const paths: { path: string; dirfd: number | null }[] = [];
  for (const p of rule.paths) {
    const a = args[p.path];
    if (a === undefined || a.kind !== 'str' || a.truncated || a.value === '') continue;
    paths.push({ path: a.value, dirfd: p.dirfd === undefined ? null : num(args[p.dirfd]) });
  }
  return { fds, paths };
}
