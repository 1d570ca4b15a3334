// A scenario's kill step: SIGKILL to each pid, then the tasks are reaped (src/cr/cr-flow.ts).
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/scenario/run.js';

const scenario = (...steps: string[]) =>
  parseScenario(`name: kill\nkernel: relink\nfs: ext4\nsteps:\n${steps.map((s) => `  - ${s}\n`).join('')}`, 'k.yaml');
const FORK = '{call: fork, args: {child: 2}}';

describe('scenario kill', () => {
  it('kills and reaps a running task', () => {
    const r = runScenario(scenario(FORK, '{kill: [2]}', '{pid: 2, call: mkdir, args: {path: /d, mode: 0755}}'));
    expect(r.steps.map((s) => s.ok)).toEqual([true, true, false]);
    expect(r.steps[2]?.detail).toBe('no task with pid 2');
  });

  it('of a pid that never existed fails the step with ESRCH (kernel/signal.c: kill_proc_info)', () => {
    const r = runScenario(scenario('{kill: [99]}'));
    expect(r.steps[0]?.ok).toBe(false);
    expect(r.steps[0]?.detail).toMatch(/^ESRCH/);
  });

  it('of pid 1 fails the step and leaves init running: SIGKILL from inside is ignored (sig_task_ignored)', () => {
    const r = runScenario(
      scenario(FORK, '{kill: [1, 2]}', '{backup: {}}', '{call: mkdir, args: {path: /d, mode: 0755}}'),
    );
    expect(r.steps.map((s) => s.ok)).toEqual([true, false, true, true]);
    expect(r.steps[1]?.detail).toMatch(/pid 1 is init/);
  });

  it('of a task that already exited reaps it', () => {
    const r = runScenario(scenario(FORK, '{pid: 2, call: exit_group, args: {status: 0}}', '{kill: [2]}'));
    expect(r.steps.map((s) => s.ok)).toEqual([true, true, true]);
  });
});
