// A native trace's header carries the machine's fs.protected_* sysctls, as it carries the kernel
// and the file system: {"relinklab":1,"kernel":"mainline","fs":"ext4","sysctl":{...}}.
import { describe, expect, it } from 'vitest';
import { parseJsonl } from '../../src/trace/jsonl.js';
import { replayNative } from '../../src/trace/replay-native.js';

/** Root opens with O_CREAT a file 1001 owns in its sticky, world-writable /s; EACCES expected. */
const BODY = [
  '{"call":"mkdir","args":{"path":"/s","mode":"0755"}}',
  '{"call":"chmod","args":{"path":"/s","mode":"01777"}}',
  '{"call":"open","args":{"path":"/s/r","flags":"O_RDWR|O_CREAT","mode":"0666"},"expect":{"ret":3}}',
  '{"call":"fchown","args":{"fd":3,"owner":1001,"group":1001}}',
  '{"call":"open","args":{"path":"/s/r","flags":"O_RDWR|O_CREAT","mode":"0666"},"expect":{"errno":"EACCES"}}',
];
const trace = (header: string): string => [header, ...BODY].join('\n');

describe('a native trace header’s sysctl', () => {
  it('is empty when absent, and the machine is Debian 12 as it boots', () => {
    const t = parseJsonl(trace('{"relinklab":1,"kernel":"mainline","fs":"ext4"}'), 't.jsonl');
    expect(t.header.sysctl).toEqual({});
    expect(replayNative(t).mismatched).toBe(0);
  });

  it('sets the machine’s values: at fs.protected_regular 0 the open is let through', () => {
    const t = parseJsonl(trace('{"relinklab":1,"sysctl":{"fs.protected_regular":0}}'), 't.jsonl');
    expect(t.header.sysctl).toEqual({ protected_regular: 0 });
    expect(replayNative(t).world.sysctl).toMatchObject({ protected_regular: 0, protected_fifos: 1 });
    expect(replayNative(t).mismatched).toBe(1);
  });

  it('gives way to replay’s own settings', () => {
    const t = parseJsonl(trace('{"relinklab":1,"sysctl":{"fs.protected_regular":0}}'), 't.jsonl');
    expect(replayNative(t, { sysctl: { protected_regular: 2 } }).mismatched).toBe(0);
  });

  it('refuses what a write to /proc/sys would refuse, naming the line', () => {
    expect(() => parseJsonl(trace('{"relinklab":1,"sysctl":{"fs.protected_regular":3}}'), 't.jsonl')).toThrow(
      /t\.jsonl:1: "sysctl": fs\.protected_regular takes an integer from 0 to 2, not 3/,
    );
    expect(() => parseJsonl(trace('{"relinklab":1,"sysctl":2}'), 't.jsonl')).toThrow(
      /t\.jsonl:1: "sysctl": must be an object/,
    );
  });
});
