/**
 * A record's nested object (an fd table's `fds`, a dentry's `d_children`, a superblock's lists, a
 * mount's `mnt_mounts`, an inode's pipe) made writable before a handler writes into it.
 *
 * The search in place (src/checker/search/undo-world.ts) saves a record for its undo by a shallow
 * copy that shares the record's nested objects, so that most saves (a count changed, the children
 * not) copy no map. While it runs a call it opens a sharing frame here, and a write into a nested
 * object must then go to a copy made in this frame and put in the record's field: `ownField` makes
 * it at the first write of the frame and hands out the same copy after. With no frame open (immer
 * drafts, the copy-on-write step's own copies, the in-place replay) the nested object is the
 * record's own and is handed out as it is.
 *
 * A handler that writes into a nested object without `ownField` would change the saved version
 * too. Tests run the search in place with the shared objects frozen (undo-world.ts: checkSharing),
 * so there such a write throws; test/checker/inplace-search.test.ts and the in-place = copy-on-write
 * tests hold the search to the one that copies whole records.
 */

/** The nested objects copied in the open frame (the first `copied` entries), or null: no frame. */
let frame: object[] | null = null;
let copied = 0;

/** Opens a sharing frame: `list` holds its copies (emptied by count, not truncated). */
export function openSharingFrame(list: object[]): void {
  frame = list;
  copied = 0;
}

export function closeSharingFrame(): void {
  frame = null;
}

/**
 * A copy of `x` one level deep, with the same prototype (a dentry's children have none). Keys by
 * Object.keys: Object.assign into a prototype-less object measured 2.5x slower.
 */
function shallowCopy<T extends object>(x: T): T {
  if (Array.isArray(x)) return x.slice() as T;
  const o = (Object.getPrototypeOf(x) === null ? Object.create(null) : {}) as Record<string, unknown>;
  for (const k of Object.keys(x)) o[k] = (x as Record<string, unknown>)[k];
  return o as T;
}

/** `rec[key]`, writable: in a sharing frame, this frame's copy of it, put in its place. */
export function ownField<R extends object, K extends keyof R>(rec: R, key: K): R[K] {
  const v = rec[key];
  if (frame === null || typeof v !== 'object' || v === null) return v;
  for (let i = 0; i < copied; i++) if (frame[i] === v) return v;
  const copy = shallowCopy(v);
  frame[copied++] = copy;
  rec[key] = copy;
  return copy;
}
