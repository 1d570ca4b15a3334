// A citation against a made-up kernel tree (test/helpers/kernel-citations/check.ts, defines.ts).
import { describe, expect, it } from 'vitest';
import { citationProblems, type KernelSource } from '../helpers/kernel-citations/check.js';
import { scanCitations } from '../helpers/kernel-citations/scan.js';

const TREE: Record<string, string> = {
  'fs/attr.c': [
    'static bool chown_ok(struct user_namespace *mnt_userns,',
    '\t\t     const struct inode *inode, vfsuid_t ia_vfsuid)',
    '{',
    '\tif (inode_owner_or_capable(mnt_userns, inode))',
    '\t\treturn true;',
    '}',
    'int setattr_prepare(struct user_namespace *mnt_userns, struct dentry *dentry,',
    '\t\t    struct iattr *attr)',
    '{',
    '\tif (!chown_ok(mnt_userns, inode, attr->ia_vfsuid))',
    '\t\treturn -EPERM;',
    '}',
  ].join('\n'),
  'include/linux/fs.h': [
    '#define I_LINKABLE\t(1 << 10)',
    'struct inode {',
    '\tumode_t\t\t\ti_mode;',
    '\tconst struct inode_operations\t*i_op;',
    '};',
    'enum rw_hint {',
    '\tWRITE_LIFE_NOT_SET\t= 0,',
    '\tWRITE_LIFE_NONE,',
    '};',
    'extern int vfs_link(struct dentry *, struct user_namespace *, struct inode *, struct dentry *, struct inode **);',
    'static inline struct file *get_file(struct file *f)',
    '{',
    '\treturn f;',
    '}',
  ].join('\n'),
  'fs/file.c': [
    'static unsigned int sysctl_nr_open __read_mostly = 1024*1024;',
    'SYSCALL_DEFINE1(dup, unsigned int, fildes)',
    '{',
    '}',
  ].join('\n'),
};
const source: KernelSource = (path) => TREE[path];

const problems = (text: string): string[] => scanCitations(text).flatMap((c) => citationProblems(c, source));

describe('citationProblems', () => {
  it('passes a function the cited file defines', () => {
    expect(problems('fs/attr.c: setattr_prepare')).toEqual([]);
  });

  it('fails a file the tree lacks', () => {
    expect(problems('fs/atr.c: setattr_prepare')).toEqual(['fs/atr.c does not exist']);
  });

  it('fails a misspelt function', () => {
    expect(problems('fs/attr.c: setattr_prepair')).toEqual(['setattr_prepair does not appear in fs/attr.c']);
  });

  it('fails a function the file only calls', () => {
    expect(problems('fs/attr.c: inode_owner_or_capable')).toEqual([
      'inode_owner_or_capable is only mentioned, not defined, in fs/attr.c',
    ]);
  });

  it('fails a function a header only declares', () => {
    expect(problems('include/linux/fs.h: vfs_link')).toEqual([
      'vfs_link is only mentioned, not defined, in include/linux/fs.h',
    ]);
  });

  it('passes a chain whose later names the file calls, defined there or not', () => {
    expect(problems('fs/attr.c: setattr_prepare → chown_ok → inode_owner_or_capable')).toEqual([]);
  });

  it('fails a chain with a name the file never mentions', () => {
    expect(problems('fs/attr.c: setattr_prepare → chown_ok → in_group_or_capable')).toEqual([
      'in_group_or_capable (after →) does not appear in fs/attr.c',
    ]);
  });

  it('passes a macro, a struct, a field, a function pointer field, an enum constant, an inline function', () => {
    for (const c of ['I_LINKABLE', 'struct inode', 'i_mode', 'i_op', 'WRITE_LIFE_NONE', 'get_file']) {
      expect(problems(`include/linux/fs.h: ${c}`), c).toEqual([]);
    }
  });

  it('passes a file-scope variable and a system call, in either spelling', () => {
    expect(problems('fs/file.c: sysctl_nr_open; fs/file.c: dup; fs/file.c: SYSCALL_DEFINE1(dup)')).toEqual([]);
  });

  it('fails struct NAME when NAME is no struct there', () => {
    expect(problems('include/linux/fs.h: struct i_mode')).toEqual([
      'struct i_mode is only mentioned, not defined, in include/linux/fs.h',
    ]);
  });

  it('checks only that the path exists when no name is cited', () => {
    expect(problems('fs/attr.c: the attribute checks; fs/nosuch.c and')).toEqual(['fs/nosuch.c does not exist']);
  });
});
