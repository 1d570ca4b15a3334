/**
 * What trace code reads of the model besides its world (replay-world.ts): the shape of a call's
 * answer, the bytes a read returned as text, and the kernel's limits on names and descriptors a
 * log is held to. With replay-world.ts, the only modules of src/trace that import src/ops
 * (test/trace/replay-interface.test.ts), so a change to the VFS helpers meets the replay here.
 */
export type { StatOut, SysResult } from '../ops/vfs/result.js';
export { bytesEqual, bytesText } from '../ops/vfs/pagecache.js';
export { PATH_MAX } from '../ops/vfs/namei.js';
export { NR_OPEN } from '../ops/vfs/fdtable.js';
