/** Constructors for argument specs that keep their names and kinds as literal types. */
import type { ArgSpec, FlagSetName } from './spec.js';

type At = number | string | null;

export const fd = <const N extends string>(name: N, at: At) => ({ name, kind: 'fd', at }) as const;
export const dirfd = <const N extends string>(name: N, at: At) => ({ name, kind: 'dirfd', at }) as const;
export const fdslot = <const N extends string>(name: N, at: At) => ({ name, kind: 'fdslot', at }) as const;
export const ctxfd = <const N extends string>(name: N, at: At) => ({ name, kind: 'ctxfd', at }) as const;
export const path = <const N extends string>(name: N, at: At) => ({ name, kind: 'path', at }) as const;
export const program = <const N extends string>(name: N, at: At) => ({ name, kind: 'program', at }) as const;
export const str = <const N extends string>(name: N, at: At, missing?: string) =>
  ({ name, kind: 'str', at, ...(missing === undefined ? {} : { missing }) }) as const;
export const data = <const N extends string>(name: N, at: At, countAt: number) =>
  ({ name, kind: 'data', at, countAt }) as const;
export const flags = <const N extends string>(name: N, at: At, set: FlagSetName, missing?: number) =>
  ({ name, kind: 'flags', at, set, ...(missing === undefined ? {} : { missing }) }) as const;
export const mode = <const N extends string>(name: N, at: At, missing?: number) =>
  ({ name, kind: 'mode', at, ...(missing === undefined ? {} : { missing }) }) as const;
export const int = <const N extends string>(name: N, at: At, missing?: number) =>
  ({ name, kind: 'int', at, ...(missing === undefined ? {} : { missing }) }) as const;
export const size = <const N extends string>(name: N, at: At) => ({ name, kind: 'size', at }) as const;
export const offptr = <const N extends string>(name: N, at: At, unsigned?: true) =>
  ({ name, kind: 'offptr', at, ...(unsigned === undefined ? {} : { unsigned }) }) as const;
export const child = () => ({ name: 'child', kind: 'child', at: null }) as const;
export const optpath = <const N extends string>(name: N, at: At) => ({ name, kind: 'optpath', at }) as const;
export const timespecs = <const N extends string>(name: N, at: At) => ({ name, kind: 'timespecs', at }) as const;
export const gids = <const N extends string>(name: N, at: At, countAt: number) =>
  ({ name, kind: 'gids', at, countAt }) as const;
export const outptr = <const N extends string>(name: N, at: At) => ({ name, kind: 'outptr', at }) as const;
/** `a` printed as a member of the struct at its position, under its own name: `{version=..., pid=0}`. */
export const member = <const A extends ArgSpec>(a: A) => ({ ...a, field: a.name }) as const;

/** Compile-time check that a constructor's result is an ArgSpec. */
export type IsArgSpec<A extends ArgSpec> = A;
export const target = <const N extends string>(name: N, at: At) => ({ name, kind: 'target', at }) as const;
