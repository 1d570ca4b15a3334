/**
 * utimensat in native traces (docs/trace-format.md): a NULL pathname is the field left out, and
 * the times are the bytes of the struct timespec pair, "" for NULL.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.js';
import { timespec, timespecsBytes, UTIME_NOW } from '../../src/model/syscall/timespecs.js';
import { syscallFrom } from '../../src/trace/jsonl.js';

const NOW = timespecsBytes([timespec(0, UTIME_NOW), timespec(0, UTIME_NOW)]);

describe('utimensat read from a native trace', () => {
  it('takes a left-out pathname as NULL (the futimens form)', () => {
    const sc = syscallFrom('utimensat', { dirfd: 3, times: '', flags: 0 }, 't.jsonl', 1);
    expect(sc).toEqual({ call: 'utimensat', dirfd: 3, times: '', flags: 0 });
  });

  it('takes a pathname and the times as byte strings', () => {
    const sc = syscallFrom('utimensat', { dirfd: 'AT_FDCWD', pathname: 'a', times: NOW, flags: 0 }, 't.jsonl', 1);
    expect(sc).toEqual({ call: 'utimensat', dirfd: -100, pathname: 'a', times: NOW, flags: 0 });
  });

  it('refuses a pathname that is not a string, and times left out', () => {
    expect(() => syscallFrom('utimensat', { dirfd: 3, pathname: 1, times: '', flags: 0 }, 't.jsonl', 1)).toThrow(
      InputError,
    );
    expect(() => syscallFrom('utimensat', { dirfd: 3, flags: 0 }, 't.jsonl', 1)).toThrow(InputError);
  });
});
