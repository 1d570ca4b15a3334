/**
 * Syscalls as data: one record per call, its fields derived from the descriptor table
 * (src/model/syscall/table.ts). Every front end (native traces, strace replay, scenarios, the
 * explorers, the QEMU executor) produces and consumes these records. Byte buffers are latin1
 * strings; an absent offset pointer is NULL (the file position is used and moved).
 */
import type { ArgKind, ArgSpec } from './spec.js';
import type { SYSCALLS, SyscallName } from './table.js';

type StringKind = Extract<ArgKind, 'path' | 'program' | 'str' | 'target' | 'data' | 'gids' | 'optpath' | 'timespecs'>;
type OptionalKind = Extract<ArgKind, 'offptr' | 'child' | 'optpath'>;
type ValueOf<A extends ArgSpec> = A['kind'] extends StringKind ? string : number;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type RecordOf<N extends SyscallName, As extends readonly ArgSpec[]> = Simplify<
  { readonly call: N } & {
    readonly [A in As[number] as A['kind'] extends OptionalKind ? never : A['name']]: ValueOf<A>;
  } & {
    readonly [A in As[number] as A['kind'] extends OptionalKind ? A['name'] : never]?: ValueOf<A>;
  }
>;

export type Syscall = { [N in SyscallName]: RecordOf<N, (typeof SYSCALLS)[N]['args']> }[SyscallName];
export type SyscallOf<N extends SyscallName> = Extract<Syscall, { call: N }>;
export type { SyscallName } from './table.js';
