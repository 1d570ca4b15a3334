// File type and permission bits (include/uapi/linux/stat.h).
export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFBLK = 0o060000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;
export const S_ISUID = 0o4000;
export const S_ISGID = 0o2000;
export const S_ISVTX = 0o1000;

export type InodeType = 'reg' | 'dir' | 'fifo' | 'symlink';

export function typeBits(t: InodeType): number {
  switch (t) {
    case 'reg':
      return S_IFREG;
    case 'dir':
      return S_IFDIR;
    case 'fifo':
      return S_IFIFO;
    case 'symlink':
      return S_IFLNK;
  }
}

/** include/linux/stat.h */
export const S_IRWXUGO = 0o777;
export const S_IALLUGO = 0o7777;
