// The credential calls in an strace replay: setgroups' list, getgroups' and getresuid's answers and
// capget's sets decoded from the log and compared with the model's. The lines are shaped as this
// machine's strace printed them (test/corpus/programs/creds/setid.log).
import { describe, expect, it } from 'vitest';
import { replayStrace, type ReplayReport } from '../../src/trace/strace-replay.js';
import { parseStrace } from '../../src/trace/strace-parse.js';
import { replayLines } from '../helpers/strace.js';

const ALL = [
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_ADMIN',
  'NET_RAW',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'LEASE',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'SETFCAP',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'SYSLOG',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'AUDIT_READ',
  'PERFMON',
  'BPF',
  'CHECKPOINT_RESTORE',
];
const set = (caps: readonly string[]): string => caps.map((c) => `1<<CAP_${c}`).join('|') || '0';
const capget = (effective: string, permitted: string, inheritable = '0'): string =>
  `100 capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=${effective}, permitted=${permitted}, inheritable=${inheritable}}) = 0`;
const models = (r: ReplayReport): string[] => r.mismatches.map((m) => m.model);

describe('the credential calls in an strace replay', () => {
  it('decodes setgroups and compares getgroups: the list comes back sorted', () => {
    const r = replayLines(['100 setgroups(2, [1002, 1000])        = 0', '100 getgroups(8, [1000, 1002])        = 2']);
    expect(r.mismatches).toEqual([]);
    expect(r.matched).toBe(2);
  });

  it('reports a getgroups list other than the model\u2019s', () => {
    const r = replayLines(['100 setgroups(2, [1002, 1000])        = 0', '100 getgroups(8, [1002, 1000])        = 2']);
    expect(models(r)).toEqual(['groups [1002, 1000], model [1000, 1002]']);
  });

  it('compares setgroups with an address for a count above NGROUPS_MAX (it reads none of the list)', () => {
    const r = replayLines(['100 setgroups(65537, 0x7ffeb494b9ac)  = -1 EINVAL (Invalid argument)']);
    expect(r.matched).toBe(1);
  });

  it('does not guess a list strace printed as an address for a count setgroups reads', () => {
    const r = replayLines(['100 setgroups(2, 0x7ffeb494b9ac)  = -1 EFAULT (Bad address)']);
    expect(r.calls).toBe(0);
    expect(r.skippedModelled).toBe(1);
  });

  it('compares the three ids of getresuid and getresgid, each by name', () => {
    const r = replayLines([
      '100 setresuid(1000, 1001, -1)         = 0',
      '100 getresuid([1000], [1001], [0])    = 0',
      '100 getresgid([0], [1], [0])          = 0',
    ]);
    expect(models(r)).toEqual(['effective id 1, model 0']);
  });

  it("compares capget's effective and permitted sets capability by capability", () => {
    const noResource = ALL.filter((c) => c !== 'SYS_RESOURCE');
    const r = replayLines([capget(set(noResource), set(ALL))]);
    expect(models(r)).toEqual([
      "effective 000001fffeffffff, model 000001ffffffffff (only the model's: CAP_SYS_RESOURCE)",
    ]);
  });

  it('starts root with the capabilities stated (a bounding set without CAP_SYS_RESOURCE)', () => {
    const noResource = set(ALL.filter((c) => c !== 'SYS_RESOURCE'));
    const log = parseStrace(`${capget(noResource, noResource)}\n`, 'test.log');
    const opts = { root: '/tmp/t', fs: 'ext4', kernel: 'mainline', fds: [0, 1, 2] } as const;
    expect(replayStrace(log, { ...opts, caps: 0x1fffeffffff }).mismatches).toEqual([]);
    expect(replayStrace(log, opts).mismatched).toBe(1);
  });

  it('does not compare the inheritable set, which the model does not keep', () => {
    const r = replayLines([capget(set(ALL), set(ALL), set(['CHOWN']))]);
    expect(r.mismatches).toEqual([]);
  });

  it('compares a probe of the version (a NULL data pointer answers 0)', () => {
    const r = replayLines(['100 capget({version=0 /* _LINUX_CAPABILITY_VERSION_??? */, pid=0}, NULL) = 0']);
    expect(r.matched).toBe(1);
  });
});
