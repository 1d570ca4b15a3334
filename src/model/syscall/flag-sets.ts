/**
 * The symbols of each flag set, as strace prints them (strace's xlat tables), in its order. A
 * composite symbol (O_SYNC, O_TMPFILE, STATX_BASIC_STATS) comes before the bits it covers, so it
 * is matched first. The numbers are the uapi headers' (include/uapi/linux/*.h, x86_64).
 */
import * as F from '../flags.js';

export type Symbols = readonly (readonly [value: number, name: string])[];

export interface FlagSet {
  /** 'bits': symbols or'd together; 'enum': one value names the whole argument. */
  readonly style: 'bits' | 'enum';
  readonly symbols: Symbols;
  /** How strace prints 0, when not "0". */
  readonly zero?: string;
  /** strace prints bits or a value it does not know as hex with a comment naming the prefix (AT_???). */
  readonly prefix: string;
  /** That comment when it is not the prefix and ???: access's modes share a suffix, strace says ?_OK. */
  readonly unknown?: string;
}

// include/uapi/linux/mount.h: the new mount API.
export const FSOPEN_CLOEXEC = 0x1;
export const FSPICK_CLOEXEC = 0x1;
export const FSPICK_SYMLINK_NOFOLLOW = 0x2;
export const FSPICK_NO_AUTOMOUNT = 0x4;
export const FSPICK_EMPTY_PATH = 0x8;
export const FSMOUNT_CLOEXEC = 0x1;
export const FSCONFIG_SET_FLAG = 0;
export const FSCONFIG_SET_STRING = 1;
const FSCONFIG_SET_BINARY = 2;
const FSCONFIG_SET_PATH = 3;
const FSCONFIG_SET_PATH_EMPTY = 4;
export const FSCONFIG_SET_FD = 5;
export const FSCONFIG_CMD_CREATE = 6;
export const FSCONFIG_CMD_RECONFIGURE = 7;
export const MOUNT_ATTR_RDONLY = 0x1;
export const MOUNT_ATTR_NOSUID = 0x2;
export const MOUNT_ATTR_NODEV = 0x4;
export const MOUNT_ATTR_NOEXEC = 0x8;
export const MOUNT_ATTR__ATIME = 0x70;
export const MOUNT_ATTR_NOATIME = 0x10;
export const MOUNT_ATTR_STRICTATIME = 0x20;
export const MOUNT_ATTR_NODIRATIME = 0x80;
export const MOUNT_ATTR_IDMAP = 0x100000;
export const MOUNT_ATTR_NOSYMFOLLOW = 0x200000;

// include/uapi/linux/fcntl.h: AT_EACCESS, faccessat2's own flag (AT_REMOVEDIR's value); access's
// mode bits are MAY_READ, MAY_WRITE and MAY_EXEC (S_IRWXO), which userspace calls R_OK, W_OK and X_OK.
export const AT_EACCESS = 0x200;
export const F_OK = 0;
export const R_OK = 4;
export const W_OK = 2;
export const X_OK = 1;

// include/uapi/linux/capability.h: _LINUX_CAPABILITY_VERSION_1 to _3, capget's header versions.
// Version 1 carries 32 bits of each set, 2 and 3 all 64; 3 is the current one.
export const _LINUX_CAPABILITY_VERSION_1 = 0x19980330;
export const _LINUX_CAPABILITY_VERSION_2 = 0x20071026;
export const _LINUX_CAPABILITY_VERSION_3 = 0x20080522;

// include/uapi/linux/sched.h and signal numbers: clone's low byte is the exit signal.
export const SIGCHLD = 17;
const CLONE_BITS: Symbols = [
  [F.CLONE_VM, 'CLONE_VM'],
  [F.CLONE_FS, 'CLONE_FS'],
  [F.CLONE_FILES, 'CLONE_FILES'],
  [0x800, 'CLONE_SIGHAND'],
  [0x1000, 'CLONE_PIDFD'],
  [0x2000, 'CLONE_PTRACE'],
  [F.CLONE_VFORK, 'CLONE_VFORK'],
  [0x8000, 'CLONE_PARENT'],
  [0x10000, 'CLONE_THREAD'],
  [F.CLONE_NEWNS, 'CLONE_NEWNS'],
  [0x40000, 'CLONE_SYSVSEM'],
  [0x80000, 'CLONE_SETTLS'],
  [0x100000, 'CLONE_PARENT_SETTID'],
  [0x200000, 'CLONE_CHILD_CLEARTID'],
  [0x1000000, 'CLONE_CHILD_SETTID'],
];

// include/uapi/linux/stat.h: statx's mask.
const STATX_MASK: Symbols = [
  [0xfff, 'STATX_ALL'],
  [0x7ff, 'STATX_BASIC_STATS'],
  [0x1, 'STATX_TYPE'],
  [0x2, 'STATX_MODE'],
  [0x4, 'STATX_NLINK'],
  [0x8, 'STATX_UID'],
  [0x10, 'STATX_GID'],
  [0x20, 'STATX_ATIME'],
  [0x40, 'STATX_MTIME'],
  [0x80, 'STATX_CTIME'],
  [0x100, 'STATX_INO'],
  [0x200, 'STATX_SIZE'],
  [0x400, 'STATX_BLOCKS'],
  [0x800, 'STATX_BTIME'],
  [0x1000, 'STATX_MNT_ID'],
  [0x2000, 'STATX_DIOALIGN'],
];

const AT_BITS: Symbols = [
  [F.AT_SYMLINK_NOFOLLOW, 'AT_SYMLINK_NOFOLLOW'],
  [F.AT_REMOVEDIR, 'AT_REMOVEDIR'],
  [F.AT_SYMLINK_FOLLOW, 'AT_SYMLINK_FOLLOW'],
  [F.AT_NO_AUTOMOUNT, 'AT_NO_AUTOMOUNT'],
  [F.AT_EMPTY_PATH, 'AT_EMPTY_PATH'],
  [0x2000, 'AT_STATX_FORCE_SYNC'],
  [0x4000, 'AT_STATX_DONT_SYNC'],
  [0x8000, 'AT_RECURSIVE'],
];

const SETS = {
  // The access mode (O_RDONLY, O_WRONLY, O_RDWR) is printed first: render.ts adds it.
  open: {
    style: 'bits',
    prefix: 'O_',
    symbols: [
      [F.O_CREAT, 'O_CREAT'],
      [F.O_EXCL, 'O_EXCL'],
      [F.O_NOCTTY, 'O_NOCTTY'],
      [F.O_TRUNC, 'O_TRUNC'],
      [F.O_APPEND, 'O_APPEND'],
      [F.O_NONBLOCK, 'O_NONBLOCK'],
      [F.O_SYNC, 'O_SYNC'],
      [F.O_DSYNC, 'O_DSYNC'],
      [F.FASYNC, 'O_ASYNC'],
      [F.O_DIRECT, 'O_DIRECT'],
      [F.O_LARGEFILE, 'O_LARGEFILE'],
      [F.O_NOFOLLOW, 'O_NOFOLLOW'],
      [F.O_NOATIME, 'O_NOATIME'],
      [F.O_CLOEXEC, 'O_CLOEXEC'],
      [F.O_PATH, 'O_PATH'],
      [F.O_TMPFILE, 'O_TMPFILE'],
      [F.O_DIRECTORY, 'O_DIRECTORY'],
    ],
  },
  at: { style: 'bits', prefix: 'AT_', symbols: AT_BITS },
  statx_flags: { style: 'bits', prefix: 'AT_', symbols: AT_BITS, zero: 'AT_STATX_SYNC_AS_STAT' },
  rename: {
    style: 'bits',
    prefix: 'RENAME_',
    symbols: [
      [F.RENAME_NOREPLACE, 'RENAME_NOREPLACE'],
      [F.RENAME_EXCHANGE, 'RENAME_EXCHANGE'],
      [F.RENAME_WHITEOUT, 'RENAME_WHITEOUT'],
    ],
  },
  whence: {
    style: 'enum',
    prefix: 'SEEK_',
    symbols: [
      [F.SEEK_SET, 'SEEK_SET'],
      [F.SEEK_CUR, 'SEEK_CUR'],
      [F.SEEK_END, 'SEEK_END'],
      [F.SEEK_DATA, 'SEEK_DATA'],
      [F.SEEK_HOLE, 'SEEK_HOLE'],
    ],
  },
  fcntl: {
    style: 'enum',
    prefix: 'F_',
    symbols: [
      [F.F_DUPFD, 'F_DUPFD'],
      [F.F_GETFD, 'F_GETFD'],
      [F.F_SETFD, 'F_SETFD'],
      [F.F_GETFL, 'F_GETFL'],
      [F.F_SETFL, 'F_SETFL'],
      [F.F_DUPFD_CLOEXEC, 'F_DUPFD_CLOEXEC'],
    ],
  },
  fd_flags: { style: 'bits', prefix: 'FD_', symbols: [[F.FD_CLOEXEC, 'FD_CLOEXEC']] },
  dup3: { style: 'bits', prefix: 'O_', symbols: [[F.O_CLOEXEC, 'O_CLOEXEC']] },
  close_range: {
    style: 'bits',
    prefix: 'CLOSE_RANGE_',
    symbols: [
      [F.CLOSE_RANGE_UNSHARE, 'CLOSE_RANGE_UNSHARE'],
      [F.CLOSE_RANGE_CLOEXEC, 'CLOSE_RANGE_CLOEXEC'],
    ],
  },
  statx_mask: { style: 'bits', prefix: 'STATX_', symbols: STATX_MASK },
  // include/linux/splice.h
  splice: {
    style: 'bits',
    prefix: 'SPLICE_F_',
    symbols: [
      [0x1, 'SPLICE_F_MOVE'],
      [0x2, 'SPLICE_F_NONBLOCK'],
      [0x4, 'SPLICE_F_MORE'],
      [0x8, 'SPLICE_F_GIFT'],
    ],
  },
  clone: { style: 'bits', prefix: 'CLONE_', symbols: CLONE_BITS },
  mount: {
    style: 'bits',
    prefix: 'MS_',
    symbols: [
      [F.MS_MGC_VAL, 'MS_MGC_VAL'],
      [F.MS_RDONLY, 'MS_RDONLY'],
      [F.MS_NOSUID, 'MS_NOSUID'],
      [F.MS_NODEV, 'MS_NODEV'],
      [F.MS_NOEXEC, 'MS_NOEXEC'],
      [F.MS_REMOUNT, 'MS_REMOUNT'],
      [F.MS_BIND, 'MS_BIND'],
      [F.MS_MOVE, 'MS_MOVE'],
      [F.MS_REC, 'MS_REC'],
      [F.MS_SILENT, 'MS_SILENT'],
      [F.MS_UNBINDABLE, 'MS_UNBINDABLE'],
      [F.MS_PRIVATE, 'MS_PRIVATE'],
      [F.MS_SLAVE, 'MS_SLAVE'],
      [F.MS_SHARED, 'MS_SHARED'],
    ],
  },
  umount: {
    style: 'bits',
    prefix: 'MNT_',
    symbols: [
      [F.MNT_FORCE, 'MNT_FORCE'],
      [F.MNT_DETACH, 'MNT_DETACH'],
      [F.MNT_EXPIRE, 'MNT_EXPIRE'],
      [F.UMOUNT_NOFOLLOW, 'UMOUNT_NOFOLLOW'],
    ],
  },
  fsopen: { style: 'bits', prefix: 'FSOPEN_', symbols: [[FSOPEN_CLOEXEC, 'FSOPEN_CLOEXEC']] },
  fspick: {
    style: 'bits',
    prefix: 'FSPICK_',
    symbols: [
      [FSPICK_CLOEXEC, 'FSPICK_CLOEXEC'],
      [FSPICK_SYMLINK_NOFOLLOW, 'FSPICK_SYMLINK_NOFOLLOW'],
      [FSPICK_NO_AUTOMOUNT, 'FSPICK_NO_AUTOMOUNT'],
      [FSPICK_EMPTY_PATH, 'FSPICK_EMPTY_PATH'],
    ],
  },
  fsconfig: {
    style: 'enum',
    prefix: 'FSCONFIG_',
    symbols: [
      [FSCONFIG_SET_FLAG, 'FSCONFIG_SET_FLAG'],
      [FSCONFIG_SET_STRING, 'FSCONFIG_SET_STRING'],
      [FSCONFIG_SET_BINARY, 'FSCONFIG_SET_BINARY'],
      [FSCONFIG_SET_PATH, 'FSCONFIG_SET_PATH'],
      [FSCONFIG_SET_PATH_EMPTY, 'FSCONFIG_SET_PATH_EMPTY'],
      [FSCONFIG_SET_FD, 'FSCONFIG_SET_FD'],
      [FSCONFIG_CMD_CREATE, 'FSCONFIG_CMD_CREATE'],
      [FSCONFIG_CMD_RECONFIGURE, 'FSCONFIG_CMD_RECONFIGURE'],
    ],
  },
  fsmount: { style: 'bits', prefix: 'FSMOUNT_', symbols: [[FSMOUNT_CLOEXEC, 'FSMOUNT_CLOEXEC']] },
  mount_attr: {
    style: 'bits',
    prefix: 'MOUNT_ATTR_',
    symbols: [
      [MOUNT_ATTR_RDONLY, 'MOUNT_ATTR_RDONLY'],
      [MOUNT_ATTR_NOSUID, 'MOUNT_ATTR_NOSUID'],
      [MOUNT_ATTR_NODEV, 'MOUNT_ATTR_NODEV'],
      [MOUNT_ATTR_NOEXEC, 'MOUNT_ATTR_NOEXEC'],
      [MOUNT_ATTR_NOATIME, 'MOUNT_ATTR_NOATIME'],
      [MOUNT_ATTR_STRICTATIME, 'MOUNT_ATTR_STRICTATIME'],
      [MOUNT_ATTR_NODIRATIME, 'MOUNT_ATTR_NODIRATIME'],
      [MOUNT_ATTR_IDMAP, 'MOUNT_ATTR_IDMAP'],
      [MOUNT_ATTR_NOSYMFOLLOW, 'MOUNT_ATTR_NOSYMFOLLOW'],
    ],
  },
  // strace's access_modes and faccessat_flags: `access("/x", R_OK|W_OK)`, `F_OK|0x8` unnamed.
  access_mode: {
    style: 'bits',
    prefix: '',
    unknown: '?_OK',
    zero: 'F_OK',
    symbols: [
      [R_OK, 'R_OK'],
      [W_OK, 'W_OK'],
      [X_OK, 'X_OK'],
    ],
  },
  faccessat: {
    style: 'bits',
    prefix: 'AT_',
    symbols: [
      [F.AT_SYMLINK_NOFOLLOW, 'AT_SYMLINK_NOFOLLOW'],
      [AT_EACCESS, 'AT_EACCESS'],
      [F.AT_EMPTY_PATH, 'AT_EMPTY_PATH'],
    ],
  },
  cap_version: {
    style: 'enum',
    prefix: '_LINUX_CAPABILITY_VERSION_',
    symbols: [
      [_LINUX_CAPABILITY_VERSION_1, '_LINUX_CAPABILITY_VERSION_1'],
      [_LINUX_CAPABILITY_VERSION_2, '_LINUX_CAPABILITY_VERSION_2'],
      [_LINUX_CAPABILITY_VERSION_3, '_LINUX_CAPABILITY_VERSION_3'],
    ],
  },
} satisfies Readonly<Record<string, FlagSet>>;

/** The named flag sets, each a kind of argument (src/model/syscall/spec.ts: ArgSpec.set). */
export type FlagSetName = keyof typeof SETS;

export const FLAG_SETS: Readonly<Record<FlagSetName, FlagSet>> = SETS;

/**
 * Every symbol of every set by name, and each set's name for 0 (statx's AT_STATX_SYNC_AS_STAT,
 * access's F_OK), with the ones strace prints outside a set's own argument (NULL, the exit signal
 * inside clone's flags), for decoding.
 */
export const SYMBOL_VALUES: ReadonlyMap<string, number> = new Map<string, number>([
  ['NULL', 0],
  ['SIGCHLD', SIGCHLD],
  ...Object.values(FLAG_SETS).flatMap((s) => (s.zero === undefined ? [] : [[s.zero, 0] as const])),
  ...Object.values(FLAG_SETS).flatMap((s) => s.symbols.map(([v, n]) => [n, v] as const)),
]);
