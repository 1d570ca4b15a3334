/*
 * The relink core of relinklab's checker (src/checker/relink-alphabet.ts) in Promela: the same 18
 * operations by the worker task on the same start world (ext4 root with /ckpt, /data, and /c a
 * bind mount of /data; relink_dir /ckpt), searched breadth first to depth N (spin -DN=...).
 *
 * One d_step is one operation, as one step is one transition in relinklab. A failing call
 * (errno) changes nothing, so it is a step back to the same state. The state holds what
 * relinklab's raw key distinguishes (ids as allocated and the id counters), less what is a
 * function of it: reference counts (i_count, d_count, mnt_count, f_count, pipe readers and
 * writers: the holders), each file's inode (its dentry's), the file data (all 'x', so the size)
 * and s_options (from relink_dir). Constant parts of the world are not in the state at all.
 *
 * Ids: every operation creates at most one inode, dentry and file, so after N operations inode and
 * dentry ids lie in 9..8+N, file ids in 4..3+N, fds in 3..2+N and inode numbers in 15..14+N; the
 * arrays are indexed from those bases.
 */
#ifndef N
#define N 5
#endif
/* fd slots: the alphabet names fds 3 and 4 even when N is 1 */
#if N < 2
#define NFD 2
#else
#define NFD N
#endif

/* names: the hashed dentry of each, or 0 */
#define A 0
#define B 1
#define P 2
#define F 3
#define R 4
#define S 5
#define NAMES 6

/* relink_dir: 0 /ckpt (the start), 1 /data, 2 none */
#define RD_CKPT 0
#define RD_DATA 1
#define RD_NONE 2

typedef Inode {
  bit used;
  byte ino;      /* i_ino */
  bit fifo;
  byte nlink;
  byte size;     /* regular file: i_size, the data being that many 'x' */
  byte buf;      /* fifo: bytes in the pipe */
  byte counter;  /* fifo: r_counter = w_counter, opens since the pipe was made */
};
typedef Dentry {
  bit used;
  byte name;
  byte inode;    /* inode id */
  bit unhashed;
};
typedef File {
  bit used;
  bit bind;      /* opened through /c (the bind mount) */
  byte dentry;   /* dentry id */
  byte pos;      /* f_pos */
};

Inode nd[N];
Dentry dn[N];
File fl[N];
byte fdt[NFD];        /* fd 3+i: file id, or 0 */
byte child[NAMES];    /* hashed dentry id of each name, or 0 */
byte orphans[N];      /* s_orphans: inode ids in order, 0-terminated */
bit freeIno[N];       /* s_free_inos: ino 15+i is free */
byte relinkDir = RD_CKPT;
byte nextInode = 9;
byte nextDentry = 9;
byte nextFile = 4;
byte nextIno = 15;

/* scratch, reset at the end of every d_step so it never differs between states */
byte t; byte u; byte v; byte k;

#define INODE(id) nd[(id) - 9]
#define DENT(id) dn[(id) - 9]
#define FILE(id) fl[(id) - 4]

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

/* a new inode (regular or fifo) with one name -> t (inode id) */
inline newInode(isFifo) {
  t = nextInode;
  nextInode++;
  allocIno();
  INODE(t).used = 1;
  INODE(t).ino = v;
  INODE(t).fifo = isFifo;
  INODE(t).nlink = 1;
  v = 0
}

/* a new hashed dentry `nm` for inode id t -> u (dentry id) */
inline newDentry(nm) {
  u = nextDentry;
  nextDentry++;
  DENT(u).used = 1;
  DENT(u).name = nm;
  DENT(u).inode = t;
  child[nm] = u
}

/* a new file on dentry u through the root mount or the bind mount, in the lowest free fd */
inline newFile(isBind) {
  v = nextFile;
  nextFile++;
  FILE(v).used = 1;
  FILE(v).bind = isBind;
  FILE(v).dentry = u;
  k = 0;
  do
  :: fdt[k] == 0 -> fdt[k] = v; break
  :: else -> k++
  od;
  v = 0
}

/* is any open file on dentry u? -> k = 1 */
inline dentryInUse() {
  k = 0;
  v = 0;
  do
  :: v < N -> if :: fl[v].used && fl[v].dentry == u -> k = 1 :: else -> skip fi; v++
  :: else -> break
  od;
  v = 0
}

/* does any dentry still point at inode t? -> k = 1 */
inline inodeAliased() {
  k = 0;
  v = 0;
  do
  :: v < N -> if :: dn[v].used && dn[v].inode == t -> k = 1 :: else -> skip fi; v++
  :: else -> break
  od;
  v = 0
}

/* does any open file sit on inode t? -> k = 1 */
inline inodeOpen() {
  k = 0;
  v = 0;
  do
  :: v < N -> if :: fl[v].used && DENT(fl[v].dentry).inode == t -> k = 1 :: else -> skip fi; v++
  :: else -> break
  od;
  v = 0
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

/* the inode t has lost an alias or a link: evict it when nothing holds it (iput) */
inline iput() {
  inodeAliased();
  if
  :: k == 0 && INODE(t).nlink == 0 ->
     orphanDel();
     freeIno[INODE(t).ino - 15] = 1;
     INODE(t).used = 0; INODE(t).ino = 0; INODE(t).fifo = 0; INODE(t).size = 0;
     INODE(t).buf = 0; INODE(t).counter = 0
  :: else -> skip
  fi
}

/* forget dentry u (dentry_kill), then iput its inode */
inline dkill() {
  t = DENT(u).inode;
  DENT(u).used = 0; DENT(u).name = 0; DENT(u).inode = 0; DENT(u).unhashed = 0;
  iput()
}

inline scrub() { t = 0; u = 0; v = 0; k = 0 }

/* open NAME O_CREAT|O_RDWR (a regular file) */
inline openCreat(nm, isBind) {
  if
  :: child[nm] != 0 -> u = child[nm]
  :: else -> newInode(0); newDentry(nm)
  fi;
  newFile(isBind);
  scrub()
}

inline openFifo() {
  if
  :: child[P] != 0 ->
     u = child[P];
     t = DENT(u).inode;
     inodeOpen();
     if
     :: k == 0 -> INODE(t).counter = 1; INODE(t).buf = 0
     :: else -> INODE(t).counter++
     fi;
     newFile(0)
  :: else -> skip /* ENOENT */
  fi;
  scrub()
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
  fi;
  scrub()
}

inline closeFd(i) {
  if
  :: fdt[i] != 0 ->
     v = fdt[i];
     fdt[i] = 0;
     u = FILE(v).dentry;
     FILE(v).used = 0; FILE(v).bind = 0; FILE(v).dentry = 0; FILE(v).pos = 0;
     t = DENT(u).inode;
     /* the last fifo end closed frees the pipe and its buffer */
     if
     :: INODE(t).fifo -> inodeOpen(); if :: k == 0 -> INODE(t).buf = 0; INODE(t).counter = 0 :: else -> skip fi
     :: else -> skip
     fi;
     /* dput: an unhashed dentry no file holds dies, and with it its hold on the inode */
     dentryInUse();
     if
     :: k == 0 && DENT(u).unhashed -> dkill()
     :: else -> skip
     fi
  :: else -> skip /* EBADF */
  fi;
  scrub()
}

inline linkAB() {
  if
  :: child[A] != 0 && child[B] == 0 ->
     t = DENT(child[A]).inode;
     INODE(t).nlink++;
     newDentry(B)
  :: else -> skip /* ENOENT or EEXIST */
  fi;
  scrub()
}

inline unlinkName(nm) {
  if
  :: child[nm] != 0 ->
     u = child[nm];
     child[nm] = 0;
     t = DENT(u).inode;
     INODE(t).nlink--;
     dentryInUse();
     if
     :: k != 0 -> DENT(u).unhashed = 1
     :: else -> dkill()
     fi;
     /* still held by an alias, with no link left: on the orphan list */
     if
     :: INODE(t).used && INODE(t).nlink == 0 -> orphanAdd()
     :: else -> skip
     fi
  :: else -> skip /* ENOENT */
  fi;
  scrub()
}

/* linkat(fd, "", AT_FDCWD, "/ckpt/NAME", AT_EMPTY_PATH) */
inline relinkFd(i, nm) {
  if
  :: fdt[i] != 0 && child[nm] == 0 && !FILE(fdt[i]).bind ->
     t = DENT(FILE(fdt[i]).dentry).inode;
     if
     :: INODE(t).nlink > 0 -> INODE(t).nlink++; newDentry(nm)
     :: INODE(t).nlink == 0 && relinkDir == RD_CKPT -> INODE(t).nlink = 1; orphanDel(); newDentry(nm)
     :: else -> skip /* ENOENT: no relink outside relink_dir */
     fi
  :: else -> skip /* EBADF, EEXIST or EXDEV */
  fi;
  scrub()
}

active proctype worker() {
  do
  :: d_step { openCreat(A, 0) }
  :: d_step { openCreat(F, 1) }
  :: d_step { if :: child[P] == 0 -> newInode(1); newDentry(P) :: else -> skip fi; scrub() }
  :: d_step { openFifo() }
  :: d_step { writeFd() }
  :: d_step { closeFd(0) }
  :: d_step { closeFd(1) }
  :: d_step { linkAB() }
  :: d_step { unlinkName(A) }
  :: d_step { unlinkName(B) }
  :: d_step { unlinkName(F) }
  :: d_step { unlinkName(P) }
  :: d_step { relinkFd(0, R) }
  :: d_step { relinkFd(1, S) }
  :: d_step { unlinkName(R) }
  :: d_step { relinkDir = RD_CKPT }
  :: d_step { relinkDir = RD_DATA }
  :: d_step { relinkDir = RD_NONE }
  od
}
