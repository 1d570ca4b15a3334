/**
 * The vocabulary of the syscall descriptor table (src/model/syscall/table.ts): what an argument
 * is, where strace prints it, and what a call's answer holds. Everything that reads, writes,
 * decodes, renders, generates or compares a call derives from these descriptors.
 */
import type { FlagSetName } from './flag-sets.js';

/** What an argument is. The kind decides its TypeScript type, its decoding and its rendering. */
export type ArgKind =
  /** A descriptor whose file the call reads, writes or looks at (read's fd, fstat's fd). */
  | 'fd'
  /** A directory descriptor or AT_FDCWD that the next path argument is resolved from. */
  | 'dirfd'
  /** A slot of the fd table that the call closes, duplicates or changes (close, dup2's newfd). */
  | 'fdslot'
  /** A descriptor of an fs_context (fsconfig, fsmount): not a file of the tree. */
  | 'ctxfd'
  /** A path the call walks (getname, then a lookup from the paired dirfd or the cwd). */
  | 'path'
  /** A path the model does not walk: execve's program image lies outside the modelled tree. */
  | 'program'
  /** A string parsed, not walked: mount's source, type and data, fsconfig's key and value. */
  | 'str'
  /** A name getname reads but nothing walks: a symlink's target (PATH_MAX applies, fs/namei.c). */
  | 'target'
  /** The bytes a write passes, printed by strace with the count at `countAt`. */
  | 'data'
  /** Bits or a command of a named set (O_*, AT_*, MS_*, F_*...), printed symbolically. */
  | 'flags'
  /** File type and permission bits: S_IFIFO|0644, or 0644. */
  | 'mode'
  /** A plain integer: counts, lengths, offsets, ids, statuses. */
  | 'int'
  /** A size_t: strace prints it unsigned (exact up to 2^53). */
  | 'size'
  /** An loff_t passed by pointer: `[6]` or NULL (absent: the file position is used and moved). */
  | 'offptr'
  /** A path the call walks, or NULL (absent): utimensat's futimens form names its file by the dirfd alone. */
  | 'optpath'
  /** utimensat's times, a struct timespec[2] as bytes (src/model/syscall/timespecs.ts); NULL is no bytes. */
  | 'timespecs'
  /**
   * A gid_t array the call reads (setgroups' list): its bytes, 4 per gid, little-endian as on
   * x86_64, as a latin1 string like write's data (NULL reads as no bytes). strace prints `[1002, 1000]`.
   */
  | 'gids'
  /** A pointer the call writes its answer through: 0 for NULL, 1 for a buffer (strace prints the answer there). */
  | 'outptr'
  /** The child pid of fork/clone: not an argument strace prints, but the call's return value. */
  | 'child';

/** The named flag sets: the keys of src/model/syscall/flag-sets.ts, which holds their symbols. */
export type { FlagSetName };

export interface ArgSpec {
  /** The field name in the call's record (the kernel's parameter name). */
  readonly name: string;
  readonly kind: ArgKind;
  /**
   * Where strace prints it (0-based), or a name for `name=value` (clone's flags), or null when
   * strace does not print it as an argument (a child pid is the return value).
   */
  readonly at: number | string | null;
  /** For 'flags': the set its symbols come from. */
  readonly set?: FlagSetName;
  /** The value when strace omits it (open's mode without O_CREAT) or prints what cannot be read. */
  readonly missing?: number | string;
  /** For 'data': where strace prints the byte count; for 'gids', the count of gids. */
  readonly countAt?: number;
  /** strace prints this number unsigned (sendfile's off_t, where copy_file_range's loff_t is signed). */
  readonly unsigned?: true;
  /** A member of the struct at `at`, printed `{name=value, ...}` (capget's header: version and pid). */
  readonly field?: string;
}

/** What a successful call returns, which is how the replay and the cross-check compare it. */
export type RetKind =
  /** 0. */
  | 'zero'
  /** The lowest free descriptor (fd_install after get_unused_fd_flags). */
  | 'fd'
  /** The descriptor the caller named (dup2, dup3: newfd). */
  | 'named-fd'
  /** The lowest free descriptor of another task's table, not the caller's (the model-only passfd: the receiver's). */
  | 'passed-fd'
  /** Bytes transferred, or entries' bytes (read, write, getdents64, readlink). */
  | 'bytes'
  /** A file offset (lseek). */
  | 'offset'
  /** A child pid (fork, clone). */
  | 'pid'
  /** A value the command decides (fcntl, umask's old mask). */
  | 'value'
  /** The call does not return (exit). */
  | 'none';

/**
 * Outputs a successful call also answers, compared beside the return value, with the argument
 * strace prints them in: the bytes read, a link's text, a stat struct, a directory's entries. The
 * offsets written back through the copy calls' pointers are printed in their offptr arguments.
 */
export type OutSpec =
  | { readonly kind: 'data' | 'link' | 'stat' | 'dents'; readonly at: number }
  | { readonly kind: 'offsets' }
  /** getgroups' list, `[1000, 1002]`. */
  | { readonly kind: 'groups'; readonly at: number }
  /** getresuid's and getresgid's real, effective and saved id, `[0]` each, the call's three arguments. */
  | { readonly kind: 'ids' }
  /** capget's sets, `{effective=1<<CAP_CHOWN|..., permitted=..., inheritable=0}`. */
  | { readonly kind: 'caps'; readonly at: number };

export interface SyscallDescriptor {
  /** The arguments in the kernel's order. */
  readonly args: readonly ArgSpec[];
  /** How many arguments strace prints (outputs and unmodelled ones, such as execve's argv, included). */
  readonly arity: number;
  /** The kernel path it follows, cited as `file: function → function`. */
  readonly kernel: string;
  /**
   * Whether the call changes an fd table (allocates, installs, closes, copies or drops slots): the
   * caller's, except passfd's, which installs in the receiver's.
   */
  readonly fdTable: boolean;
  readonly ret: RetKind;
  readonly out?: OutSpec;
  /**
   * How strace logs it: decoded under its own name and these aliases; `false` when the model does
   * not decode it from strace logs (with the reason in the table).
   */
  readonly strace: { readonly aliases?: readonly string[] } | false;
  /** The static C executor (kernel-patches/executor/relink-exec.c) runs it on real kernels. */
  readonly executable: boolean;
}
