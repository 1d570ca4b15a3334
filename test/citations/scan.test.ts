// The citation grammar (test/helpers/kernel-citations/scan.ts) on made-up text.
import { describe, expect, it } from 'vitest';
import { scanCitations } from '../helpers/kernel-citations/scan.js';

const names = (text: string): string[][] => scanCitations(text).map((c) => c.names.map((n) => n.name));

describe('scanCitations', () => {
  it('reads a path, a colon and a name as a citation of that name', () => {
    expect(scanCitations('// fs/namei.c: vfs_link — i_nlink 0 is ENOENT')).toEqual([
      { path: 'fs/namei.c', line: 1, names: [{ name: 'vfs_link', kind: 'name' }], text: 'fs/namei.c: vfs_link' },
    ]);
  });

  it('reads every name of a chain, and skips a parenthesis between them', () => {
    expect(names('(fs/attr.c: setattr_prepare → chown_ok(inode) → inode_owner_or_capable)')).toEqual([
      ['setattr_prepare', 'chown_ok', 'inode_owner_or_capable'],
    ]);
  });

  it('reads names in backticks and a name on the next line of a comment', () => {
    expect(names('| fs/open.c: `do_sys_openat2` → `do_filp_open` |')).toEqual([['do_sys_openat2', 'do_filp_open']]);
    expect(names('/**\n * fs/libfs.c:\n * dcache_readdir lists')).toEqual([['dcache_readdir']]);
  });

  it('ends a chain at a kernel path, which starts a citation of its own', () => {
    expect(names('net/core/scm.c: scm_detach_fds → fs/file.c: __receive_fd → fd_install')).toEqual([
      ['scm_detach_fds'],
      ['__receive_fd', 'fd_install'],
    ]);
  });

  it('ends a chain at a prose word', () => {
    expect(names('fs/super.c: reconfigure_super → our relink_dir_lookup')).toEqual([['reconfigure_super']]);
  });

  it('checks only the first of a list or of alternatives', () => {
    expect(names('fs/file_table.c: fput, __fput; fs/dcache.c: d_rehash / d_add')).toEqual([['fput'], ['d_rehash']]);
  });

  it('reads struct NAME and SYSCALL_DEFINEn(NAME) as a struct and a system call', () => {
    expect(
      scanCitations('include/linux/fs.h: struct inode; fs/namespace.c: SYSCALL_DEFINE3(fsmount)').map((c) => c.names),
    ).toEqual([[{ name: 'inode', kind: 'struct' }], [{ name: 'fsmount', kind: 'syscall' }]]);
  });

  it('takes a bare path and an identifier with an underscore as a citation, a bare path and a word as prose', () => {
    expect(names('see fs/namei.c do_linkat; fs/namei.c of linux-source-6.1; fs/open.c and')).toEqual([
      ['do_linkat'],
      [],
      [],
    ]);
  });

  it('takes a description after the colon for no name, but still records the path', () => {
    expect(scanCitations('/** fs/d_path.c: the name a path has. */')).toMatchObject([
      { path: 'fs/d_path.c', names: [] },
    ]);
  });

  it('leaves CRIU, our patches and paths inside longer paths out', () => {
    expect(
      scanCitations("criu/files-reg.c: dump_ghost_file; CRIU's files-reg.c; patch 07; kernel-patches/harness/x.c"),
    ).toEqual([]);
    expect(scanCitations('tools/fs/namei.c: x and src/fs/file.c: y')).toEqual([]);
  });

  it('numbers lines from 1', () => {
    expect(scanCitations('a\nb\nfs/pipe.c: fifo_open').map((c) => c.line)).toEqual([3]);
  });
});
