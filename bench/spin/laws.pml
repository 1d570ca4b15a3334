/*
 * relinklab's state invariants (src/invariants/invariants.ts) and transition laws
 * (src/invariants/transitions.ts) as assertions, each on a flag named after the law, so that
 * pan's "assertion violated NAME" names it. They are checked after every step in the registry's
 * order, state invariants first, as relinklab's session does; pan stops at the first that fails.
 * The laws this state cannot express are listed in bench/NOTES.md ("SPIN: the laws as assertions").
 */
bit noDanglingIds; bit refcountLedger; bit nlinkMatchesNames; bit orphanListIsExact;
bit pipeEndsMatchFiles; bit linkableOnlyUnlinked; bit deletedInodesEvicted;
bit deletedStaysDeleted; bit contentsChangeOnlyThroughData; bit readBackWhatWasWritten;
bit newNamesInsideSourceMount;
byte x; byte y; byte c; byte c2; byte c3;

/* The world before the step, as far as the transition laws read it (slot i: inode or dentry 9+i). */
bit bUsed[N];       /* inode existed */
byte bNlink[N];
bit bLinkable[N];
byte bSize[N];
bit bPipe[N];
byte bBuf[N];
bit bReachRoot[N];  /* inode reached through the root mount: by a name, or a file opened through it */
bit bReachBind[N];  /* through the bind mount /c (root /data): the name f, or a file opened as /c/f */
byte bDentInode[N];
bit bNamed[N];      /* dentry hashed, with a name */
byte bRelinkDir;
byte bFd3Inode;     /* the inode fd 3 names, or 0 */
byte bFd3Pos;

inline before() {
  for (x : 0 .. N - 1) {
    bUsed[x] = nd[x].used; bNlink[x] = nd[x].nlink; bLinkable[x] = nd[x].linkable; bSize[x] = nd[x].size;
    bPipe[x] = nd[x].pipe; bBuf[x] = nd[x].buf; bDentInode[x] = dn[x].inode;
    bNamed[x] = dn[x].used && !dn[x].unhashed
  }
  for (y : 0 .. N - 1) {
    if
    :: dn[y].used && !dn[y].unhashed && dn[y].inode >= 9 ->
       bReachRoot[dn[y].inode - 9] = 1;
       if :: dn[y].name == F -> bReachBind[dn[y].inode - 9] = 1 :: else -> skip fi
    :: else -> skip
    fi;
    if
    :: fl[y].used && fl[y].bind -> bReachBind[DENT(fl[y].dentry).inode - 9] = 1
    :: fl[y].used && !fl[y].bind -> bReachRoot[DENT(fl[y].dentry).inode - 9] = 1
    :: else -> skip
    fi
  }
  bRelinkDir = relinkDir;
  if
  :: fdt[0] != 0 -> bFd3Inode = DENT(FILE(fdt[0]).dentry).inode; bFd3Pos = FILE(fdt[0]).pos
  :: else -> skip
  fi
}

inline checkState() {
  /* noDanglingIds: every id a record holds names a live record */
  noDanglingIds = 1;
  for (y : 0 .. N - 1) {
    if :: dn[y].used && !(dn[y].inode >= 9 && INODE(dn[y].inode).used) -> noDanglingIds = 0 :: else -> skip fi;
    if :: fl[y].used && !(fl[y].dentry >= 9 && DENT(fl[y].dentry).used) -> noDanglingIds = 0 :: else -> skip fi
  }
  for (x : 0 .. NAMES - 1) {
    if
    :: child[x] != 0 && !(DENT(child[x]).used && DENT(child[x]).name == x && !DENT(child[x]).unhashed) -> noDanglingIds = 0
    :: else -> skip
    fi
  }
  for (x : 0 .. NFD - 1) { if :: fdt[x] != 0 && !FILE(fdt[x]).used -> noDanglingIds = 0 :: else -> skip fi }
  assert(noDanglingIds);

  /* refcountLedger: every count equals its holders (plus the constant holders of the start) */
  refcountLedger = 1;
  for (x : 0 .. N - 1) {
    c = 0; c2 = 0; c3 = 0;
    for (y : 0 .. N - 1) {
      if :: dn[y].used && dn[y].inode == x + 9 -> c++ :: else -> skip fi;
      if :: fl[y].used && fl[y].dentry == x + 9 -> c2++ :: else -> skip fi
    }
    for (y : 0 .. NFD - 1) { if :: fdt[y] == x + 4 -> c3++ :: else -> skip fi }
    if :: nd[x].icount != c || dn[x].dcount != c2 || fl[x].fcount != c3 -> refcountLedger = 0 :: else -> skip fi
  }
  c = 0; c2 = 0; c3 = 0;
  for (y : 0 .. N - 1) {
    if
    :: dn[y].used && dn[y].name == F -> c2++
    :: dn[y].used && (dn[y].name == R || dn[y].name == S) -> c3++
    :: dn[y].used && !(dn[y].name == F || dn[y].name == R || dn[y].name == S) -> c++
    :: else -> skip
    fi
  }
  if
  :: dcRoot != DC_ROOT0 + c -> refcountLedger = 0
  :: dcData != DC_DATA0 + c2 + (relinkDir == RD_DATA -> 1 : 0) -> refcountLedger = 0
  :: dcCkpt != c3 + (relinkDir == RD_CKPT -> 1 : 0) -> refcountLedger = 0
  :: else -> skip
  fi;
  c = 0; c2 = 0;
  for (y : 0 .. N - 1) {
    if :: fl[y].used && fl[y].bind -> c2++ :: fl[y].used && !fl[y].bind -> c++ :: else -> skip fi
  }
  if :: mcRoot != MC_ROOT0 + c || mcBind != MC_BIND0 + c2 -> refcountLedger = 0 :: else -> skip fi;
  assert(refcountLedger);

  /* nlinkMatchesNames: i_nlink equals the inode's hashed names */
  nlinkMatchesNames = 1;
  for (x : 0 .. N - 1) {
    c = 0;
    for (y : 0 .. N - 1) { if :: dn[y].used && !dn[y].unhashed && dn[y].inode == x + 9 -> c++ :: else -> skip fi }
    if :: nd[x].used && nd[x].nlink != c -> nlinkMatchesNames = 0 :: else -> skip fi
  }
  assert(nlinkMatchesNames);

  /* orphanListIsExact: the list holds, once each, exactly the inodes in use with i_nlink 0 */
  orphanListIsExact = 1;
  for (x : 0 .. N - 1) {
    c = 0;
    for (y : 0 .. N - 1) { if :: orphans[y] == x + 9 -> c++ :: else -> skip fi }
    if
    :: c > 1 -> orphanListIsExact = 0
    :: !nd[x].used && c != 0 -> orphanListIsExact = 0
    :: nd[x].used && (c == 1 -> 1 : 0) != (nd[x].nlink == 0 && nd[x].icount > 0 -> 1 : 0) -> orphanListIsExact = 0
    :: else -> skip
    fi
  }
  assert(orphanListIsExact);

  /* pipeEndsMatchFiles: readers and writers are the open ends (O_RDWR: both); no pipe without one */
  pipeEndsMatchFiles = 1;
  for (x : 0 .. N - 1) {
    c = 0;
    for (y : 0 .. N - 1) { if :: fl[y].used && DENT(fl[y].dentry).inode == x + 9 -> c++ :: else -> skip fi }
    if
    :: nd[x].used && nd[x].fifo && !nd[x].pipe && c != 0 -> pipeEndsMatchFiles = 0
    :: nd[x].used && nd[x].fifo && nd[x].pipe && (nd[x].readers != c || nd[x].writers != c || c == 0) -> pipeEndsMatchFiles = 0
    :: else -> skip
    fi
  }
  assert(pipeEndsMatchFiles);

  /* linkableOnlyUnlinked: I_LINKABLE only on an inode with i_nlink 0 */
  linkableOnlyUnlinked = 1;
  for (x : 0 .. N - 1) { if :: nd[x].used && nd[x].linkable && nd[x].nlink != 0 -> linkableOnlyUnlinked = 0 :: else -> skip fi }
  assert(linkableOnlyUnlinked);

  /* deletedInodesEvicted: no inode with i_nlink 0 and i_count 0 is left */
  deletedInodesEvicted = 1;
  for (x : 0 .. N - 1) { if :: nd[x].used && nd[x].nlink == 0 && nd[x].icount == 0 -> deletedInodesEvicted = 0 :: else -> skip fi }
  assert(deletedInodesEvicted)
}

/* The laws over the step `op` (the alphabet's index), on the world before and after it. */
inline checkStep(op) {
  /* deletedStaysDeleted: a deleted inode gets a name only in relink_dir as it was (private, 0700) */
  deletedStaysDeleted = 1;
  for (y : 0 .. N - 1) {
    if
    :: dn[y].used && !dn[y].unhashed && dn[y].inode >= 9 && bUsed[dn[y].inode - 9] &&
       bNlink[dn[y].inode - 9] == 0 && !bLinkable[dn[y].inode - 9] &&
       !(bNamed[y] && bDentInode[y] == dn[y].inode) &&
       !((dn[y].name == R || dn[y].name == S) && bRelinkDir == RD_CKPT) &&
       !(dn[y].name == F && bRelinkDir == RD_DATA) -> deletedStaysDeleted = 0
    :: else -> skip
    fi
  }
  assert(deletedStaysDeleted);

  /* contentsChangeOnlyThroughData: sizes and live pipes' buffers change only by a write to their fd
   * (an open names its file by path, so the law lets it change any) */
  contentsChangeOnlyThroughData = 1;
  if
  :: op == 0 || op == 1 || op == 3 -> skip
  :: else ->
     for (x : 0 .. N - 1) {
       if
       :: bUsed[x] && nd[x].used && !(op == 4 && bFd3Inode == x + 9) &&
          ((!nd[x].fifo && nd[x].size != bSize[x]) || (nd[x].fifo && bPipe[x] && nd[x].pipe && nd[x].buf != bBuf[x])) ->
          contentsChangeOnlyThroughData = 0
       :: else -> skip
       fi
     }
  fi;
  assert(contentsChangeOnlyThroughData);

  /* readBackWhatWasWritten: after a write of 'x' at f_pos, the file holds a byte there ('x') */
  readBackWhatWasWritten = 1;
  if
  :: op == 4 && bFd3Inode != 0 && !INODE(bFd3Inode).fifo && INODE(bFd3Inode).size <= bFd3Pos -> readBackWhatWasWritten = 0
  :: else -> skip
  fi;
  assert(readBackWhatWasWritten);

  /* newNamesInsideSourceMount: a new name of an existing inode lies under a mount it was reached by */
  newNamesInsideSourceMount = 1;
  for (y : 0 .. N - 1) {
    if
    :: dn[y].used && !dn[y].unhashed && dn[y].inode >= 9 && bUsed[dn[y].inode - 9] &&
       !(bNamed[y] && bDentInode[y] == dn[y].inode) &&
       !bReachRoot[dn[y].inode - 9] && !(bReachBind[dn[y].inode - 9] && dn[y].name == F) -> newNamesInsideSourceMount = 0
    :: else -> skip
    fi
  }
  assert(newNamesInsideSourceMount)
}

/* After the call: the checks, then every scratch variable cleared. */
inline afterStep(op) {
  checkState();
  checkStep(op);
  noDanglingIds = 0; refcountLedger = 0; nlinkMatchesNames = 0; orphanListIsExact = 0;
  pipeEndsMatchFiles = 0; linkableOnlyUnlinked = 0; deletedInodesEvicted = 0;
  deletedStaysDeleted = 0; contentsChangeOnlyThroughData = 0; readBackWhatWasWritten = 0;
  newNamesInsideSourceMount = 0;
  for (x : 0 .. N - 1) {
    bUsed[x] = 0; bNlink[x] = 0; bLinkable[x] = 0; bSize[x] = 0; bPipe[x] = 0; bBuf[x] = 0;
    bReachRoot[x] = 0; bReachBind[x] = 0; bDentInode[x] = 0; bNamed[x] = 0
  }
  bRelinkDir = 0; bFd3Inode = 0; bFd3Pos = 0;
  x = 0; y = 0; c = 0; c2 = 0; c3 = 0;
  t = 0; u = 0; v = 0; k = 0; rl = 0
}
