/** The registry: every explorer, test and CLI command checks this one list, by name. */
import type { World } from '../model/world.js';
import { pipeEndsMatchFiles, refcountLedger } from './ledger.js';
import { linkableOnlyUnlinked, nlinkMatchesNames, noDanglingIds, orphanListIsExact } from './structure.js';
import { deadDirsAreEmpty } from './dead-dirs.js';
import { deletedInodesEvicted } from './eviction.js';
import { inflightIdsLive } from './inflight.js';
import { pathsOnTheirMount } from './mount-paths.js';
import type { Invariant, Violation } from './violation.js';

export const INVARIANTS: readonly Invariant[] = [
  {
    name: 'noDanglingIds',
    doc: 'every id a record holds names a live record',
    check: noDanglingIds,
  },
  {
    name: 'refcountLedger',
    doc: 'i_count, d_count, mnt_count, f_count, s_active equal the holders in the graph (fs/inode.c, fs/dcache.c, fs/namespace.c)',
    check: refcountLedger,
  },
  {
    name: 'nlinkMatchesNames',
    doc: 'i_nlink equals the names of the inode, with the directory rules of each file system',
    check: nlinkMatchesNames,
  },
  {
    name: 'orphanListIsExact',
    doc: 'the orphan list holds exactly the in-use inodes with i_nlink 0 (fs/ext4/orphan.c, btrfs orphan items)',
    check: orphanListIsExact,
  },
  {
    name: 'pipeEndsMatchFiles',
    doc: 'pipe readers/writers equal the open fifo ends; the buffer lives only while one is open (fs/pipe.c)',
    check: pipeEndsMatchFiles,
  },
  {
    name: 'deadDirsAreEmpty',
    doc: 'a removed directory (S_DEAD) has no names in it (fs/namei.c: vfs_rmdir, may_create under the directory lock)',
    check: deadDirsAreEmpty,
  },
  {
    name: 'inflightIdsLive',
    doc: 'every object a call in the middle of its steps holds or locks is alive (src/ops/steps/)',
    check: inflightIdsLive,
  },
  {
    name: 'pathsOnTheirMount',
    doc: "every path pairs a mount with a dentry of the mount's superblock; relink_dir is its own superblock's (fs/namespace.c)",
    check: pathsOnTheirMount,
  },
  {
    name: 'linkableOnlyUnlinked',
    doc: 'I_LINKABLE marks only O_TMPFILE inodes that were never linked (fs/namei.c: vfs_tmpfile, vfs_link)',
    check: linkableOnlyUnlinked,
  },
  {
    name: 'deletedInodesEvicted',
    doc: 'an inode with i_nlink 0 and i_count 0 is gone: the last iput evicts it (fs/inode.c: iput_final, generic_drop_inode)',
    check: deletedInodesEvicted,
  },
];

export function checkInvariants(w: World, which: readonly Invariant[] = INVARIANTS): Violation[] {
  return which.flatMap((inv) => inv.check(w));
}
