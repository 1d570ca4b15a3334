/** A dentry's children by name: the one way to make and to look up that map. */
import type { Dentry } from '../../model/dentry.js';
import type { DentryId } from '../../model/ids.js';

/**
 * A dentry's names, as a map with no prototype: names come from users, and "__proto__" or
 * "constructor" are file names like any other (an ordinary object would answer them itself).
 */
export function noChildren(): Record<string, DentryId> {
  return Object.create(null) as Record<string, DentryId>;
}

/** fs/dcache.c: d_lookup in one directory — the child dentry hashed under `name`, if any. */
export function dChild(d: Dentry, name: string): DentryId | undefined {
  return Object.hasOwn(d.d_children, name) ? d.d_children[name] : undefined;
}
