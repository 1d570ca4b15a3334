// Scenarios that pass a descriptor with the model-only passfd: a step names it as any call (its
// fields come from the descriptor table), it runs on the model, and no kernel is compared with it:
// lowering for a kernel stops at it, with the reason, after the calls before it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.js';
import { parseScenario, readScenario } from '../../src/scenario/parse.js';
import { lowerScenario } from '../../src/scenario/lower.js';
import { runScenario } from '../../src/scenario/run.js';

const FILE = join(import.meta.dirname, '..', '..', 'scenarios', 'creds', 'passfd-opener.yaml');
/** The line of the scenario's first passfd. */
const FIRST_PASS = 25;

const oneStep = (step: string): string => ['name: one pass', 'steps:', `  - ${step}`, ''].join('\n');

describe('passfd in scenarios', () => {
  it('parses a step {call: passfd, args: {fd, to, cloexec}} into its record', () => {
    const sc = parseScenario(oneStep('{call: passfd, args: {fd: 3, to: 2, cloexec: 1}}'), 's.yaml');
    expect(sc.steps[0]).toMatchObject({ kind: 'call', pid: 1, sc: { call: 'passfd', fd: 3, to: 2, cloexec: 1 } });
  });

  it('refuses a passfd step with an argument the call does not have', () => {
    const text = oneStep('{call: passfd, args: {fd: 3, pid: 2, cloexec: 0}}');
    expect(() => parseScenario(text, 's.yaml')).toThrow(InputError);
  });

  it('creds/passfd-opener.yaml runs with every step as written', () => {
    const r = runScenario(readScenario(FILE));
    expect(r.steps.filter((s) => !s.ok).map((s) => `${s.line}: ${s.what} -> ${s.detail}`)).toEqual([]);
  });

  it('stops lowering for a kernel at the first passfd, saying it is model-only, after the calls before it', () => {
    const l = lowerScenario(readScenario(FILE), 'mainline');
    expect(l.stopped).toEqual({
      line: FIRST_PASS,
      why: 'passfd is model-only, no kernel has it: sockets are not modelled; a program passes a descriptor with sendmsg and recvmsg (SCM_RIGHTS)',
    });
    expect(l.calls.map((c) => c.line)).toEqual([12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(l.calls.some((c) => c.sc.call === 'passfd')).toBe(false);
  });
});
