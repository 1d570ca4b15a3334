/*
 * With -DDUMP, every step pan executes is written to spin-transitions.txt as one line:
 * `DEPTH OP BEFORE | AFTER`, DEPTH the breadth-first level of the state the step leaves (pan's
 * `depth`), OP the alphabet's index, BEFORE and AFTER the states in the text form
 * bench/spin-form.ts writes for relinklab's worlds (its comment defines the form). Only
 * non-zero slots are written: an unused slot is all zeros, as every step leaves it.
 */
#ifdef DUMP
c_code {
  static FILE *spin_out;
  static char spin_before[4096];
  static const char *spin_names[] = { "/a", "/b", "/p", "/data/f", "/ckpt/r", "/ckpt/s" };
  static const char *spin_rd[] = { "/ckpt", "/data", "none" };

  static void spin_form(char *s) {
    int i; const char *sep = "";
    char *p = s;
    p += sprintf(p, "rd=%s next=%d,%d,%d,%d dc=%d,%d,%d mc=%d,%d fds=", spin_rd[now.relinkDir],
      now.nextInode, now.nextDentry, now.nextFile, now.nextIno, now.dcRoot, now.dcCkpt, now.dcData,
      now.mcRoot, now.mcBind);
    for (i = 0; i < NFD; i++)
      if (now.fdt[i]) { p += sprintf(p, "%s%d:%d", sep, 3 + i, now.fdt[i]); sep = ","; }
    p += sprintf(p, " orphans=");
    sep = "";
    for (i = 0; i < N && now.orphans[i]; i++) { p += sprintf(p, "%s%d", sep, now.orphans[i]); sep = ","; }
    p += sprintf(p, " free=");
    sep = "";
    for (i = 0; i < N; i++)
      if (now.freeIno[i]) { p += sprintf(p, "%s%d", sep, 15 + i); sep = ","; }
    for (i = 0; i < N; i++) {
      if (!now.nd[i].used) continue;
      p += sprintf(p, " I%d=%d,%s,%d,%d,%d,%d", 9 + i, now.nd[i].ino, now.nd[i].fifo ? "fifo" : "reg",
        now.nd[i].nlink, now.nd[i].icount, now.nd[i].linkable, now.nd[i].size);
      if (now.nd[i].pipe)
        p += sprintf(p, ",pipe=%d/%d/%d/%d/%d", now.nd[i].readers, now.nd[i].writers, now.nd[i].counter,
          now.nd[i].counter, now.nd[i].buf);
    }
    for (i = 0; i < N; i++)
      if (now.dn[i].used)
        p += sprintf(p, " D%d=%s,%d,%s,%d", 9 + i, spin_names[now.dn[i].name], now.dn[i].inode,
          now.dn[i].unhashed ? "unhashed" : "hashed", now.dn[i].dcount);
    for (i = 0; i < N; i++)
      if (now.fl[i].used)
        p += sprintf(p, " F%d=%s,%d,%d,%d", 4 + i, now.fl[i].bind ? "bind" : "root", now.fl[i].dentry,
          now.fl[i].pos, now.fl[i].fcount);
  }

  static void spin_dump(int op) {
    extern long depth;
    char after[4096];
    if (!spin_out) spin_out = fopen("spin-transitions.txt", "w");
    spin_form(after);
    fprintf(spin_out, "%ld %d %s | %s\n", depth, op, spin_before, after);
  }
}
#define DUMP_BEFORE c_code { spin_form(spin_before); };
#define DUMP_AFTER(op) ; c_code { spin_dump(op); }
#else
#define DUMP_BEFORE
#define DUMP_AFTER(op)
#endif
