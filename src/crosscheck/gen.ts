/**
 * Random native traces for cross-checking the model against a real kernel: one task, relative
 * names in an empty directory, every open non-blocking (a blocking fifo open would hang the
 * executor), calls whose answers the model must match exactly.
 */
import fc from 'fast-check';
import {
  AT_EMPTY_PATH,
  AT_FDCWD,
  MNT_DETACH,
  MS_BIND,
  MS_REMOUNT,
  O_CREAT,
  O_EXCL,
  O_NONBLOCK,
  O_RDWR,
  O_TMPFILE,
} from '../model/flags.js';
import { FS_TYPES, MOUNTABLE_FS_TYPES, type MountableFsType } from '../model/fstype.js';
import { S_IFIFO } from '../model/modes.js';
import {
  FSCONFIG_CMD_CREATE,
  FSCONFIG_CMD_RECONFIGURE,
  FSCONFIG_SET_FLAG,
  FSCONFIG_SET_STRING,
} from '../model/syscall/flag-sets.js';
import { ROOT_DEVICE } from '../ops/vfs/super.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { syscallArb } from './gen-calls.js';
import { callArb } from './gen-derive.js';
import { FDS } from './gen-pools.js';

/**
 * The relink series' user interface, for the QEMU kernels: relink_dir set by a remount of the
 * trace's own file system (the target "." is its root), relinks of open files into it, and
 * unlinks of the names they made. On a kernel without the series both fail as mainline does.
 */
export const RELINK_SETUP: readonly Syscall[] = [
  { call: 'mkdir', path: 'ckpt', mode: 0o700 },
  { call: 'mount', source: '', target: '.', fstype: '', flags: MS_REMOUNT, data: 'relink=/ckpt' },
];

/** linkat(fd, "", AT_FDCWD, NAME, AT_EMPTY_PATH): the series' relink of an open file. */
const relinkTo = (names: readonly string[]): fc.Arbitrary<Syscall> =>
  callArb('linkat', { olddirfd: FDS, oldpath: [''], newdirfd: [AT_FDCWD], newpath: names, flags: [AT_EMPTY_PATH] });

const relinkArb: fc.Arbitrary<Syscall> = fc.oneof(
  relinkTo(['ckpt/r', 'ckpt/s', 'a']),
  callArb('unlink', { path: ['ckpt/r', 'ckpt/s'] }),
  callArb('fstat'),
);

/**
 * relink= values: good ones (absolute and relative, a directory that may be gone or renamed),
 * bad ones (a missing name, names that may be a file or a symlink, "..", no value, a path that
 * crosses into whatever is mounted on d), and the empty value that clears it.
 */
const RELINK_OPTIONS = [
  'relink=/ckpt',
  'relink=ckpt',
  'relink=/d',
  'relink=',
  'relink=/missing',
  'relink=/a',
  'relink=/ckpt/r',
  'relink=/l2',
  'relink=/ckpt/..',
  'relink',
  'relink=/d/e',
  'relink=/c2',
];

/**
 * Every path relink= takes, for a trace on file system `fs`: remounts that set, replace and clear
 * it; new mounts that carry it, of the trace's own device on m (sget reuses the superblock, so the
 * value is looked up in the tree the trace made; a wrong type is EBUSY or EINVAL), of a tmpfs on d
 * (which does not know it) and binds; unmounts while it is set; relink_dir renamed, removed and
 * made again.
 */
function relinkOptionArb(fs: MountableFsType): fc.Arbitrary<Syscall[]> {
  const data = fc.constantFrom(...RELINK_OPTIONS);
  // The trace's own type, and the first block type of another driver (EBUSY or EINVAL). A trace
  // root with no device (tmpfs): the executor's "/dev/root" is its "none", which the model does not
  // know as a path.
  const { device, driver } = FS_TYPES[fs];
  const other = MOUNTABLE_FS_TYPES.find((t) => FS_TYPES[t].device !== null && FS_TYPES[t].driver !== driver);
  const deviceTypes: MountableFsType[] = device === null || other === undefined ? [fs] : [fs, fs, other];
  const mkdirD: Syscall = { call: 'mkdir', path: 'd', mode: 0o755 };
  // The trace's own file system mounted again goes on m, a name no other call looks at: its root
  // in the guest has mkfs.ext4's lost+found (st_nlink, getdents64), which the model's fresh root
  // does not have.
  const mkdirM: Syscall = { call: 'mkdir', path: 'm', mode: 0o755 };
  const l2: Syscall = { call: 'symlink', target: 'ckpt', linkpath: 'l2' };
  /** A name a relink= value may name: a directory, or a symlink to one (not followed: ENOTDIR). */
  const prep = fc.constantFrom<Syscall>(
    { call: 'mkdir', path: 'ckpt', mode: 0o700 },
    { call: 'mkdir', path: 'c2', mode: 0o755 },
    mkdirD,
    l2,
  );
  /** A mount on d, which is made first (EEXIST when it is there). */
  const onD = (mount: fc.Arbitrary<Syscall>): fc.Arbitrary<Syscall[]> => mount.map((sc) => [mkdirD, sc]);
  const single = (sc: fc.Arbitrary<Syscall>): fc.Arbitrary<Syscall[]> => sc.map((x) => [x]);
  return fc.oneof(
    // A remount, after making a name a value may name (EEXIST when it is there).
    fc
      .record({ prep, target: fc.constantFrom('.', '.', 'd', 'm'), data })
      .map(({ prep, target, data }): Syscall[] => [
        prep,
        { call: 'mount', source: '', target, fstype: '', flags: MS_REMOUNT, data },
      ]),
    fc
      .record({ prep, fstype: fc.constantFrom(...deviceTypes), data, umount: fc.constantFrom(null, 0, MNT_DETACH) })
      .map(({ prep, fstype, data, umount }): Syscall[] => [
        prep,
        mkdirM,
        { call: 'mount', source: ROOT_DEVICE, target: 'm', fstype, flags: 0, data },
        // Sometimes unmounted at once: the option stays with the superblock.
        ...(umount === null ? [] : [{ call: 'umount2' as const, target: 'm', flags: umount }]),
      ]),
    onD(callArb('mount', { source: ['none'], target: ['d'], fstype: ['tmpfs'], flags: [0], data: ['', 'relink=/'] })),
    fc.constantFrom<Syscall[]>(
      [mkdirD, { call: 'mount', source: 'ckpt', target: 'd', fstype: '', flags: MS_BIND, data: '' }],
      [mkdirM, { call: 'mount', source: '.', target: 'm', fstype: '', flags: MS_BIND, data: '' }],
    ),
    // A symlink to a directory is not followed: ENOTDIR, at mount and at remount.
    fc.constantFrom<Syscall[]>(
      [l2, mkdirM, { call: 'mount', source: ROOT_DEVICE, target: 'm', fstype: fs, flags: 0, data: 'relink=/l2' }],
      [l2, { call: 'mount', source: '', target: '.', fstype: '', flags: MS_REMOUNT, data: 'relink=/l2' }],
    ),
    // Unmounts, plain or lazy (the umount flag set's pool).
    single(callArb('umount2', { target: ['d', 'm'] })),
    single(callArb('rename', { oldpath: ['ckpt', 'c2'], newpath: ['ckpt', 'c2', 'd/c2'] })),
    single(callArb('rmdir', { path: ['ckpt', 'c2'] })),
    // With mkdir's own mode (gen-pools.ts).
    single(callArb('mkdir', { path: ['ckpt', 'c2'] })),
    single(relinkTo(['c2/r', 'm/ckpt/r', 'd/r'])),
  );
}

/**
 * relink= through the new mount API: our port refuses it from fsconfig (EINVAL) on a type with
 * .relink, on contexts from fsopen and from fspick, where mainline btrfs (a legacy type) takes any
 * key. fd 3 is closed first, so the context gets it (0-2 stay open), and closed again after: no
 * other call of the trace sees the fs_context.
 */
const fsopenArb: fc.Arbitrary<Syscall[]> = fc
  .record({
    // A new context for a type, or fspick of the trace's root (reconfiguring its superblock).
    open: fc.constantFrom<Syscall>(
      { call: 'fsopen', fs_name: 'ext4', flags: 0 },
      { call: 'fsopen', fs_name: 'btrfs', flags: 0 },
      { call: 'fsopen', fs_name: 'tmpfs', flags: 0 },
      { call: 'fspick', dirfd: AT_FDCWD, path: '.', flags: 0 },
    ),
    cmd: fc.constantFrom(FSCONFIG_SET_STRING, FSCONFIG_SET_STRING, FSCONFIG_SET_FLAG),
    value: fc.constantFrom('/ckpt', '', 'a,b'),
    attr: fc.constantFrom(0, 0x30),
  })
  .map(({ open, cmd, value, attr }): Syscall[] => [
    { call: 'close', fd: 3 },
    open,
    { call: 'fsconfig', fd: 3, cmd, key: 'relink', value, aux: 0 },
    // The command that does not fit the context (its own one is not modelled): EBUSY.
    {
      call: 'fsconfig',
      fd: 3,
      cmd: open.call === 'fspick' ? FSCONFIG_CMD_CREATE : FSCONFIG_CMD_RECONFIGURE,
      key: '',
      value: '',
      aux: 0,
    },
    { call: 'fsmount', fs_fd: 3, flags: 0, attr_flags: attr },
    { call: 'close', fd: 3 },
  ]);

/**
 * A file that is open and unlinked: the case the series exists for. A regular file (written, so
 * its data must survive) or a fifo (its buffer must survive), opened read-write without blocking.
 * Or an O_TMPFILE file, which never had a name, in the trace's root or in d (missing, a file, a
 * directory or a tmpfs there), on fd 3 and linked at once: linkable anywhere without O_EXCL
 * (I_LINKABLE), never with it, not even into relink_dir (open(2); kernel-patches/0006).
 */
const unlinkedOpenArb: fc.Arbitrary<Syscall[]> = fc
  .record({
    path: fc.constantFrom('a', 'b', 'p', 'd/f'),
    kind: fc.constantFrom('reg', 'fifo', 'reg', 'fifo', 'reg', 'fifo', 'tmpfile', 'tmpfile-excl'),
    data: fc.constantFrom('abc', 'hello\n'),
  })
  .map(({ path, kind, data }): Syscall[] => {
    if (kind === 'tmpfile' || kind === 'tmpfile-excl') {
      const excl = kind === 'tmpfile-excl' ? O_EXCL : 0;
      // The other file names pick where: d for d/f, the root otherwise; ckpt/t or a as the new name.
      const dir = path === 'd/f' ? 'd' : '.';
      return [
        { call: 'close', fd: 3 },
        { call: 'open', path: dir, flags: O_TMPFILE | O_RDWR | O_NONBLOCK | excl, mode: 0o600 },
        { call: 'write', fd: 3, data },
        {
          call: 'linkat',
          olddirfd: 3,
          oldpath: '',
          newdirfd: AT_FDCWD,
          newpath: path === 'a' ? 'a' : 'ckpt/t',
          flags: AT_EMPTY_PATH,
        },
      ];
    }
    const fifo = kind === 'fifo';
    return [
      ...(fifo ? [{ call: 'mknod' as const, path, mode: S_IFIFO | 0o600, dev: 0 }] : []),
      { call: 'open', path, flags: O_RDWR | O_NONBLOCK | (fifo ? 0 : O_CREAT), mode: 0o644 },
      { call: 'write', fd: 3, data },
      { call: 'unlink', path },
    ];
  });

/**
 * `count` traces of `length` calls each, reproducible from `seed`; with `relink`, each starts by
 * setting relink_dir, and the rest mixes single calls with relinks, with files opened and
 * unlinked (without these, random calls almost never leave an open file with no name) and with
 * the relink= option's mounts, remounts and unmounts on a trace root of type `fs`.
 */
export function randomTraces(
  count: number,
  length: number,
  seed: number,
  relink = false,
  fs: MountableFsType = 'ext4',
): Syscall[][] {
  if (!relink)
    return fc.sample(fc.array(syscallArb, { minLength: length, maxLength: length }), { numRuns: count, seed });
  const relinks = [
    { arbitrary: syscallArb.map((sc) => [sc]), weight: 6 },
    { arbitrary: relinkArb.map((sc) => [sc]), weight: 4 },
    { arbitrary: unlinkedOpenArb, weight: 2 },
  ];
  // Every other trace also moves relink_dir about (mounts, remounts, renames, fsopen); the rest
  // keep it on /ckpt, so that relinks of files with no name left stay frequent.
  const options = [...relinks, { arbitrary: relinkOptionArb(fs), weight: 6 }, { arbitrary: fsopenArb, weight: 1 }];
  const body = Math.max(0, length - RELINK_SETUP.length);
  const traces = (chunks: typeof relinks, runs: number, s: number): Syscall[][] =>
    fc
      .sample(fc.array(fc.oneof(...chunks), { minLength: body, maxLength: body }), { numRuns: runs, seed: s })
      .map((cs) => [...RELINK_SETUP, ...cs.flat().slice(0, body)]);
  const plain = traces(relinks, Math.ceil(count / 2), seed);
  const moving = traces(options, Math.floor(count / 2), seed + 1);
  return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? plain[i / 2] : moving[(i - 1) / 2]) ?? []);
}
