/**
 * A syscall's handler, typed by its descriptor's record. Each family module exports the handlers
 * of its calls as one object (`OPEN_CALLS`, `RW_CALLS`, ...); src/ops/run/table.ts joins them, and
 * its type makes a call without a handler a compile error.
 */
import type { Pid } from '../../model/ids.js';
import type { SyscallName, SyscallOf } from '../../model/syscall/syscall.js';
import type { SysResult } from '../vfs/result.js';
import type { MWorld } from '../vfs/world-draft.js';

export type Handler<N extends SyscallName> = (w: MWorld, pid: Pid, sc: SyscallOf<N>) => SysResult;

/** The handlers of some calls: a family module's part of the table. */
export type Handlers<N extends SyscallName> = { readonly [K in N]: Handler<K> };
