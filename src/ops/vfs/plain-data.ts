/**
 * Copying and freezing a World's plain data (records hold plain objects and arrays only): what the
 * in-place runner (src/ops/run/inplace.ts) and the copy-on-write step (src/ops/run/cow.ts,
 * cow-access.ts) both need.
 */

/**
 * A deep copy that shares no object with its source, unfrozen. A primitive value is copied in the
 * loop rather than by a call (the copy-on-write step copies each record it writes: cow-access.ts).
 * Copies built otherwise, a spread per table kind, measured faster alone but made the search slower
 * (bench/NOTES.md, 2026-12-05), so the copy is still `{}` and each key in turn.
 */
export function deepCopy<T>(x: T): T {
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) {
    const n = x.length;
    const a: unknown[] = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const v: unknown = x[i];
      a[i] = typeof v === 'object' && v !== null ? deepCopy(v) : v;
    }
    return a as T;
  }
  // The same prototype (a dentry's children have none, so that "__proto__" is just a key).
  const o = (Object.getPrototypeOf(x) === null ? Object.create(null) : {}) as Record<string, unknown>;
  for (const k of Object.keys(x)) {
    const v = (x as Record<string, unknown>)[k];
    o[k] = typeof v === 'object' && v !== null ? deepCopy(v) : v;
  }
  return o as T;
}

/** Freezes `x` and everything under it that is not frozen yet; returns `x`. */
export function freezeDeep<T>(x: T): T {
  if (typeof x !== 'object' || x === null || Object.isFrozen(x)) return x;
  for (const k of Object.keys(x)) freezeDeep((x as Record<string, unknown>)[k]);
  return Object.freeze(x);
}
