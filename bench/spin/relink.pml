/*
 * The relink core of relinklab's checker (src/checker/relink-alphabet.ts) in Promela: the same 18
 * operations by the worker task on the same start world (ext4 root with /ckpt, /data, and /c a
 * bind mount of /data; relink_dir /ckpt), searched breadth first to depth N (spin -DN=...), with
 * relinklab's state invariants and transition laws as assertions (laws.pml) and its seeded bugs
 * as compile-time switches (spin -DBUG_RELINK_KEEPS_ORPHAN=1 ...).
 *
 * One d_step is one operation, as one step is one transition in relinklab. A failing call
 * (errno) changes nothing, so it is a step back to the same state. The state holds what
 * relinklab's raw key distinguishes for this alphabet (ids as allocated, the id counters, the
 * reference counts the operations change), less what is a function of it: each file's inode (its
 * dentry's), the file data (all 'x', so the size), s_options (from relink_dir) and the constant
 * parts of the world. bench/spin-form.ts (relinklab) and dump.pml (pan) write a state of either
 * model in one text form, so the two state sets can be compared.
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

/* The seeded bugs of src/model/kernel.ts this alphabet reaches, 0 unless compiled in. */
#ifndef BUG_RELINK_OPTION_LEAK
#define BUG_RELINK_OPTION_LEAK 0
#endif
#ifndef BUG_RELINK_KEEPS_ORPHAN
#define BUG_RELINK_KEEPS_ORPHAN 0
#endif
#ifndef BUG_RELINK_DOUBLE_COUNT
#define BUG_RELINK_DOUBLE_COUNT 0
#endif
#ifndef BUG_RELINK_CROSS_MOUNT
#define BUG_RELINK_CROSS_MOUNT 0
#endif
#ifndef BUG_FIFO_RELINK_DROPS_BUFFER
#define BUG_FIFO_RELINK_DROPS_BUFFER 0
#endif
#ifndef BUG_RELINK_FALLS_BACK_TO_LINK
#define BUG_RELINK_FALLS_BACK_TO_LINK 0
#endif
#ifndef BUG_UNLINK_ORPHAN_BEFORE_DROP
#define BUG_UNLINK_ORPHAN_BEFORE_DROP 0
#endif
#ifndef BUG_RELINK_LEAVES_LINKABLE
#define BUG_RELINK_LEAVES_LINKABLE 0
#endif

/* names: the hashed dentry of each, or 0. A, B, P in /; F in /data (/c/f); R, S in /ckpt */
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

/*
 * The start world's counts on the objects the operations name but never create: d_count of /
 * (its names ckpt, data and c, the root mount's root, the tasks' roots and cwds), of /ckpt (its
 * relink_dir reference) and of /data (the bind mount's root), and mnt_count of the root mount and
 * of the bind mount. Each count below is this base plus the holders the operations add.
 */
#define DC_ROOT0 8
#define DC_DATA0 1
#define MC_ROOT0 6
#define MC_BIND0 1

typedef Inode {
  bit used;
  byte ino;      /* i_ino */
  bit fifo;
  byte nlink;    /* i_nlink */
  byte icount;   /* i_count: its dentries */
  bit linkable;  /* I_LINKABLE */
  byte size;     /* regular file: i_size, the data being that many 'x' */
  bit pipe;      /* fifo: i_pipe exists */
  byte readers;
  byte writers;
  byte buf;      /* fifo: bytes in the pipe */
  byte counter;  /* fifo: r_counter = w_counter, opens since the pipe was made */
};
typedef Dentry {
  bit used;
  byte name;
  byte inode;    /* inode id */
  bit unhashed;
  byte dcount;   /* d_count: the files on it */
};
typedef File {
  bit used;
  bit bind;      /* opened through /c (the bind mount) */
  byte dentry;   /* dentry id */
  byte pos;      /* f_pos */
  byte fcount;   /* f_count: its fds */
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
byte dcRoot = DC_ROOT0;
byte dcCkpt = 1;      /* relink_dir's reference */
byte dcData = DC_DATA0;
byte mcRoot = MC_ROOT0;
byte mcBind = MC_BIND0;

#define INODE(id) nd[(id) - 9]
#define DENT(id) dn[(id) - 9]
#define FILE(id) fl[(id) - 4]

#include "ops.pml"
#include "laws.pml"
#include "dump.pml"

/*
 * One operation: the world before it kept for the laws, the call, the checks, the scratch cleared;
 * with -DDUMP, the state before and after written out (dump.pml).
 */
#define STEP(op, call) d_step { DUMP_BEFORE before(); call; afterStep(op) DUMP_AFTER(op) }

active proctype worker() {
  do
  :: STEP(0, openCreat(A, 0))
  :: STEP(1, openCreat(F, 1))
  :: STEP(2, mkfifo())
  :: STEP(3, openFifo())
  :: STEP(4, writeFd())
  :: STEP(5, closeFd(0))
  :: STEP(6, closeFd(1))
  :: STEP(7, linkAB())
  :: STEP(8, unlinkName(A))
  :: STEP(9, unlinkName(B))
  :: STEP(10, unlinkName(F))
  :: STEP(11, unlinkName(P))
  :: STEP(12, relinkFd(0, R))
  :: STEP(13, relinkFd(1, S))
  :: STEP(14, unlinkName(R))
  :: STEP(15, setRelinkDir(RD_CKPT))
  :: STEP(16, setRelinkDir(RD_DATA))
  :: STEP(17, setRelinkDir(RD_NONE))
  od
}
