/*
 * The 18 operations of the relink alphabet and the kernel helpers they share, as relinklab's
 * handlers do them (src/ops/calls/link.ts, unlink.ts, src/ops/relink/relink-dir.ts,
 * src/model/refcount.ts). Scratch variables are part of the state vector (pan's breadth-first
 * search refuses hidden ones), so every step clears them at its end (laws.pml: afterStep).
 */
byte t; byte u; byte v; byte k; byte rl;

/* the smallest free inode number, else a new one (ext4: s_free_inos sorted, then s_next_ino) -> v */
inline allocIno() {
  v = 0;
  k = 0;
  do
  :: k < N && v == 0 && freeIno[k] -> freeIno[k] = 0; v = 15 + k
  :: k < N && !(v == 0 && freeIno[k]) -> k++
  :: k >= N -> break
  od;
  if
  :: v == 0 -> v = nextIno; nextIno++
  :: else -> skip
  fi
}

/* the parent directory's d_count, which counts its child dentries (hashed or not) */
inline parentGet(nm) {
  if
  :: nm == F -> dcData++
  :: nm == R || nm == S -> dcCkpt++
  :: else -> dcRoot++
  fi
}
inline parentPut(nm) {
  if
  :: nm == F -> dcData--
  :: nm == R || nm == S -> dcCkpt--
  :: else -> dcRoot--
  fi
}

/* a new inode (regular or fifo) with one link -> t (inode id) */
inline newInode(isFifo) {
  t = nextInode;
  nextInode++;
  allocIno();
  INODE(t).used = 1;
  INODE(t).ino = v;
  INODE(t).fifo = isFifo;
  INODE(t).nlink = 1
}

/* a new hashed dentry `nm` for inode id t (d_instantiate: it holds the inode) -> u (dentry id) */
inline newDentry(nm) {
  u = nextDentry;
  nextDentry++;
  DENT(u).used = 1;
  DENT(u).name = nm;
  DENT(u).inode = t;
  child[nm] = u;
  INODE(t).icount++;
  parentGet(nm)
}

/* a new file on dentry u through the root mount or the bind mount, in the lowest free fd */
inline newFile(isBind) {
  v = nextFile;
  nextFile++;
  FILE(v).used = 1;
  FILE(v).bind = isBind;
  FILE(v).dentry = u;
  FILE(v).fcount = 1;
  DENT(u).dcount++;
  if
  :: isBind -> mcBind++
  :: else -> mcRoot++
  fi;
  k = 0;
  do
  :: fdt[k] == 0 -> fdt[k] = v; break
  :: else -> k++
  od
}

inline orphanAdd() {
  k = 0;
  do
  :: orphans[k] != 0 -> k++
  :: else -> orphans[k] = t; break
  od
}

inline orphanDel() {
  k = 0;
  do
  :: k < N && orphans[k] != t -> k++
  :: else -> break
  od;
  do
  :: k < N - 1 -> orphans[k] = orphans[k + 1]; k++
  :: else -> break
  od;
  orphans[N - 1] = 0
}

/* iput of inode t: the last reference to an inode with no link evicts it (iput_final) */
inline iput() {
  INODE(t).icount--;
  if
  :: INODE(t).icount == 0 && INODE(t).nlink == 0 ->
     orphanDel();
     freeIno[INODE(t).ino - 15] = 1;
     INODE(t).used = 0; INODE(t).ino = 0; INODE(t).fifo = 0; INODE(t).linkable = 0; INODE(t).size = 0;
     INODE(t).pipe = 0; INODE(t).readers = 0; INODE(t).writers = 0; INODE(t).buf = 0; INODE(t).counter = 0
  :: else -> skip
  fi
}

/* forget dentry u (dentry_kill: its parent's reference goes), then iput its inode */
inline dkill() {
  t = DENT(u).inode;
  parentPut(DENT(u).name);
  DENT(u).used = 0; DENT(u).name = 0; DENT(u).inode = 0; DENT(u).unhashed = 0;
  iput()
}

/* open NAME O_CREAT|O_RDWR (a regular file) */
inline openCreat(nm, isBind) {
  if
  :: child[nm] != 0 -> u = child[nm]
  :: else -> newInode(0); newDentry(nm)
  fi;
  newFile(isBind)
}

inline mkfifo() {
  if
  :: child[P] == 0 -> newInode(1); newDentry(P)
  :: else -> skip /* EEXIST */
  fi
}

/* open /p O_RDWR: fifo_open makes the pipe on the first open and counts a reader and a writer */
inline openFifo() {
  if
  :: child[P] != 0 ->
     u = child[P];
     t = DENT(u).inode;
     if
     :: !INODE(t).pipe -> INODE(t).pipe = 1; INODE(t).buf = 0; INODE(t).counter = 0
     :: else -> skip
     fi;
     INODE(t).readers++;
     INODE(t).writers++;
     INODE(t).counter++;
     newFile(0)
  :: else -> skip /* ENOENT */
  fi
}

inline writeFd() {
  if
  :: fdt[0] != 0 ->
     v = fdt[0];
     t = DENT(FILE(v).dentry).inode;
     if
     :: INODE(t).fifo -> INODE(t).buf++
     :: else ->
        if
        :: FILE(v).pos + 1 > INODE(t).size -> INODE(t).size = FILE(v).pos + 1
        :: else -> skip
        fi;
        FILE(v).pos++
     fi
  :: else -> skip /* EBADF */
  fi
}

/* close: __fput releases the fifo end (the last frees the pipe and its buffer), dput, mntput */
inline closeFd(i) {
  if
  :: fdt[i] != 0 ->
     v = fdt[i];
     fdt[i] = 0;
     u = FILE(v).dentry;
     if
     :: FILE(v).bind -> mcBind--
     :: else -> mcRoot--
     fi;
     FILE(v).used = 0; FILE(v).bind = 0; FILE(v).dentry = 0; FILE(v).pos = 0; FILE(v).fcount = 0;
     t = DENT(u).inode;
     if
     :: INODE(t).fifo ->
        INODE(t).readers--;
        INODE(t).writers--;
        if
        :: INODE(t).readers == 0 && INODE(t).writers == 0 ->
           INODE(t).pipe = 0; INODE(t).buf = 0; INODE(t).counter = 0
        :: else -> skip
        fi
     :: else -> skip
     fi;
     /* dput: an unhashed dentry no file holds dies, and with it its hold on the inode */
     DENT(u).dcount--;
     if
     :: DENT(u).dcount == 0 && DENT(u).unhashed -> dkill()
     :: else -> skip
     fi
  :: else -> skip /* EBADF */
  fi
}

/*
 * vfs_link's effect on inode t, named `nm` (doLink): rl says it is the relink series' relink (an
 * unlinked inode without I_LINKABLE). i_nlink 0 -> 1 takes it off the orphan list; I_LINKABLE is
 * cleared at the end. Each seeded bug changes the one line its comment in src/model/kernel.ts names.
 */
inline doLink(nm) {
  if
  :: rl && BUG_RELINK_DOUBLE_COUNT -> INODE(t).nlink = 1
  :: else -> skip
  fi;
  INODE(t).nlink++;
  if
  :: INODE(t).nlink == 1 && !(rl && BUG_RELINK_KEEPS_ORPHAN) -> orphanDel()
  :: else -> skip
  fi;
  if
  :: rl && INODE(t).fifo && INODE(t).pipe && BUG_FIFO_RELINK_DROPS_BUFFER -> INODE(t).buf = 0
  :: else -> skip
  fi;
  if
  :: rl && BUG_RELINK_LEAVES_LINKABLE -> INODE(t).linkable = 1
  :: else -> INODE(t).linkable = 0
  fi;
  newDentry(nm)
}

/* link /a /b: an unlinked inode is refused (ENOENT) unless the bug falls back to ->link */
inline linkAB() {
  if
  :: child[A] != 0 && child[B] == 0 ->
     t = DENT(child[A]).inode;
     rl = INODE(t).nlink == 0 && !INODE(t).linkable;
     if
     :: !rl || BUG_RELINK_FALLS_BACK_TO_LINK -> doLink(B)
     :: else -> skip /* ENOENT */
     fi
  :: else -> skip /* ENOENT or EEXIST */
  fi
}

inline unlinkName(nm) {
  if
  :: child[nm] != 0 ->
     u = child[nm];
     child[nm] = 0;
     t = DENT(u).inode;
     rl = INODE(t).nlink == 0; /* what the seeded bug asks, before drop_nlink */
     INODE(t).nlink--;
     /* ext4_orphan_add at i_nlink 0 */
     if
     :: (BUG_UNLINK_ORPHAN_BEFORE_DROP && rl) || (!BUG_UNLINK_ORPHAN_BEFORE_DROP && INODE(t).nlink == 0) -> orphanAdd()
     :: else -> skip
     fi;
     /* d_delete: a dentry a file holds is unhashed, another dies (and may evict the inode) */
     if
     :: DENT(u).dcount != 0 -> DENT(u).unhashed = 1
     :: else -> dkill()
     fi
  :: else -> skip /* ENOENT */
  fi
}

/*
 * linkat(fd, "", AT_FDCWD, "/ckpt/NAME", AT_EMPTY_PATH): do_linkat's EXDEV for a file opened
 * through the bind mount, then vfs_link's ENOENT for an unlinked inode unless /ckpt is relink_dir
 * (the task is root with every capability and /ckpt is 0700, so may_relink asks nothing more).
 */
inline relinkFd(i, nm) {
  if
  :: fdt[i] != 0 && child[nm] == 0 ->
     t = DENT(FILE(fdt[i]).dentry).inode;
     rl = INODE(t).nlink == 0 && !INODE(t).linkable;
     if
     :: (!FILE(fdt[i]).bind || (BUG_RELINK_CROSS_MOUNT && rl && relinkDir == RD_CKPT)) &&
        (!rl || relinkDir == RD_CKPT || BUG_RELINK_FALLS_BACK_TO_LINK) -> doLink(nm)
     :: else -> skip /* EXDEV or ENOENT */
     fi
  :: else -> skip /* EBADF or EEXIST */
  fi
}

/* remount relink=DIR: take the new relink_dir's reference, drop the old one (setRelinkDir) */
inline setRelinkDir(rd) {
  if
  :: rd == RD_CKPT -> dcCkpt++
  :: rd == RD_DATA -> dcData++
  :: else -> skip
  fi;
  if
  :: !BUG_RELINK_OPTION_LEAK && relinkDir == RD_CKPT -> dcCkpt--
  :: !BUG_RELINK_OPTION_LEAK && relinkDir == RD_DATA -> dcData--
  :: else -> skip
  fi;
  relinkDir = rd
}
