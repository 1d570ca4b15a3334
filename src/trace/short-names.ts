/**
 * JSON.parse hands out short strings internalized (V8 does for values of at most 10 characters),
 * and the model is faster for it: `split` caches the parts of an internalized path, and the parts
 * are then internalized names for the dentry tables (cut from the text instead, the same replay
 * ran 5-15% slower). So the quick trace reader (jsonl-fast.ts) keeps short names (not a write's
 * bytes, which are never looked up) internalized in a small table, direct-mapped by a hash of
 * their characters, a later name taking an earlier one's place.
 */
const SHORT = 10;
const SLOTS = 4096;
const shortStrings: string[] = new Array<string>(SLOTS).fill('');

/** text[s, e), whose characters hash to `h`, internalized when short. */
export function shortName(text: string, s: number, e: number, h: number): string {
  const length = e - s;
  if (length > SHORT) return text.slice(s, e);
  const slot = h & (SLOTS - 1);
  const known = shortStrings[slot];
  if (known.length === length && text.startsWith(known, s)) return known;
  const fresh = internalized(text.slice(s, e));
  shortStrings[slot] = fresh;
  return fresh;
}

/**
 * `s` as an object's key holds it: internalized (an array index's digits aside, equal all the
 * same). A null-prototype object, which V8 keeps as a dictionary: a plain `{}` would add a shape
 * per new key to the shapes every object literal starts from.
 */
function internalized(s: string): string {
  const o = Object.create(null) as Record<string, number>;
  o[s] = 0;
  for (const k in o) return k;
  return s;
}
