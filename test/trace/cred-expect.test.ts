/**
 * A native trace line (and a scenario step) may expect what the credential calls hand back and
 * who owns a file: getresuid's and getresgid's three ids, getgroups' list, capget's effective and
 * permitted sets, stat's st_uid and st_gid; each is compared with the model's answer.
 */
import { describe, expect, it } from 'vitest';
import { ok } from '../../src/ops/vfs/result.js';
import { diffExpected, parseJsonl, resultToExpected } from '../../src/trace/jsonl.js';

const expectOf = (e: string): unknown => parseJsonl(`{"call":"getresuid","expect":${e}}\n`, 't.jsonl').lines[0]?.expect;

function refusal(e: string): string {
  try {
    parseJsonl(`{"call":"getresuid","expect":${e}}\n`, 't.jsonl');
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`accepted: ${e}`);
}

describe('credential outputs in an expectation', () => {
  it('read ids, groups and the two capability sets (in the answer order whatever the line says)', () => {
    expect(expectOf('{"ret":0,"ids":[1000,1000,0]}')).toEqual({ ret: 0, ids: [1000, 1000, 0] });
    expect(expectOf('{"groups":[100,1000]}')).toEqual({ groups: [100, 1000] });
    const caps = expectOf('{"caps":{"permitted":"0x1ffffffffff","effective":0}}');
    expect(JSON.stringify(caps)).toBe(`{"caps":{"effective":0,"permitted":${2 ** 41 - 1}}}`);
    expect(expectOf('{"st_uid":1000,"st_gid":100}')).toEqual({ st_uid: 1000, st_gid: 100 });
  });

  it.each([
    ['two ids', '{"ids":[0,0]}', /expect\.ids must be three ids$/],
    ['groups that are not a list', '{"groups":5}', /expect\.groups must be a list of gids$/],
    ['a gid that is not a number', '{"groups":["x"]}', /expect\.groups: cannot read "x"/],
    ['a set capget has no', '{"caps":{"inheritable":0}}', /expect\.caps must be \{effective, permitted\}$/],
  ])('refuse %s with one line naming the file and line', (_what, e, message) => {
    expect(refusal(e)).toMatch(/^t\.jsonl:1: /);
    expect(refusal(e)).toMatch(message);
  });

  it("are compared with the model's answer", () => {
    const answer = ok(0, { ids: [1000, 1000, 0] });
    expect(diffExpected({ ids: [1000, 1000, 0] }, answer)).toEqual([]);
    expect(diffExpected({ ids: [1000, 1000, 1000] }, answer)).toEqual([
      'ids: expected [1000,1000,1000], model [1000,1000,0]',
    ]);
    const caps = ok(0, { caps: { effective: 0, permitted: 3 } });
    expect(diffExpected({ caps: { effective: 0, permitted: 1 } }, caps)).toHaveLength(1);
  });

  it("are part of the answer a run of the model writes out, as the executor's are", () => {
    expect(resultToExpected(ok(2, { groups: [100, 1000] }))).toEqual({ ret: 2, groups: [100, 1000] });
    expect(resultToExpected(ok(0, { caps: { effective: 1, permitted: 3 } }))).toEqual({
      ret: 0,
      caps: { effective: 1, permitted: 3 },
    });
  });
});
