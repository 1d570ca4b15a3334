/* Group inheritance from a set-gid directory. fs/inode.c: inode_init_owner (a new inode in a
 * S_ISGID directory takes the directory's gid, and a new directory also S_ISGID; elsewhere the
 * creator's fsgid), mode_strip_sgid through fs/namei.c: vfs_prepare_mode (a new group-executable
 * S_ISGID file there keeps S_ISGID only if the creator is in the directory's group or has
 * CAP_FSETID). */
#include "creds.h"

int main(void) {
  int fd;
  gid_t g3[] = {G3};
  SYS(SYS_mkdir, "g", 0777);
  SYS(SYS_chown, "g", 0, G3);
  SYS(SYS_chmod, "g", 02777);
  SYS(SYS_mkdir, "plain", 0777);
  SYS(SYS_chmod, "plain", 0777);
  /* Root, not in 1002. */
  SYS(SYS_close, SYS(SYS_open, "g/f", O_CREAT | O_WRONLY, 0644));
  show("g/f");                                                     /* gid 1002 */
  SYS(SYS_mkdir, "g/d", 0755);
  show("g/d");                                                     /* gid 1002, 02755 */
  SYS(SYS_mkdir, "g/d0", 0700);
  show("g/d0");                                                    /* 02700 */
  SYS(SYS_mknod, "g/p", S_IFIFO | 0644, 0);
  show("g/p");                                                     /* gid 1002, no S_ISGID */
  SYS(SYS_symlink, "f", "g/l");
  show("g/l");                                                     /* a symlink too */
  SYS(SYS_close, SYS(SYS_open, "g/sx", O_CREAT | O_WRONLY, 02755));
  show("g/sx");                                                    /* 02755: CAP_FSETID */
  SYS(SYS_mknod, "g/rp", S_IFIFO | 02755, 0);
  show("g/rp");                                                    /* 02755 */
  SYS(SYS_mkdir, "g/d/dd", 0755);
  show("g/d/dd");                                                  /* inherited again below */
  SYS(SYS_setfsgid, U2);                                           /* the fsgid decides elsewhere */
  SYS(SYS_close, SYS(SYS_open, "plain/fs", O_CREAT | O_WRONLY, 0644));
  show("plain/fs");                                                /* gid 1001 */
  SYS(SYS_close, SYS(SYS_open, "g/fs", O_CREAT | O_WRONLY, 0644));
  show("g/fs");                                                    /* gid 1002 */
  SYS(SYS_setfsgid, 0);
  AS(U1, U1, {
    SYS(SYS_close, SYS(SYS_open, "g/u", O_CREAT | O_WRONLY, 0644));
    show("g/u");                                                   /* gid 1002, not 1000's */
    SYS(SYS_close, SYS(SYS_open, "g/usx", O_CREAT | O_WRONLY, 02755));
    show("g/usx");                                                 /* 0755: not in 1002 */
    SYS(SYS_close, SYS(SYS_open, "g/usg", O_CREAT | O_WRONLY, 02745));
    show("g/usg");                                                 /* 02745: not group-exec, kept */
    SYS(SYS_mkdir, "g/ud", 0755);
    show("g/ud");                                                  /* 02755, gid 1002 */
    SYS(SYS_mknod, "g/up", S_IFIFO | 02755, 0);
    show("g/up");                                                  /* a fifo likewise: 0755 */
    SYS(SYS_mknod, "plain/up", S_IFIFO | 02755, 0);
    show("plain/up");                                              /* 02755: not a set-gid dir */
    fd = SYS(SYS_open, "g", O_TMPFILE | O_RDWR, 02755);
    SYS(SYS_linkat, fd, "", AT_FDCWD, "g/ut", AT_EMPTY_PATH);      /* 6.18 lets the opener */
    SYS(SYS_fstat, fd, &(struct stat){0});                         /* gid 1002, 0755 */
    SYS(SYS_close, SYS(SYS_open, "plain/u", O_CREAT | O_WRONLY, 0644));
    show("plain/u");                                               /* gid 1000 */
    SYS(SYS_chmod, "g/u", 02755);                                  /* and a later chmod drops it */
    show("g/u");
  });
  AS_GROUPS(U1, U1, 1, g3, {
    SYS(SYS_close, SYS(SYS_open, "g/gsx", O_CREAT | O_WRONLY, 02755));
    show("g/gsx");                                                 /* 02755: in 1002 */
  });
  /* Moving a file in keeps its gid; only creation inherits. */
  SYS(SYS_rename, "plain/fs", "g/moved");
  show("g/moved");                                                 /* gid 1001 */
  return 0;
}
