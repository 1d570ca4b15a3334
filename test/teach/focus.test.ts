// The focused picture: boot objects and objects away from the scenario's focus: paths step back
// unless the step shown touches them.
import { describe, expect, it } from 'vitest';
import { focusView } from '../../src/teach/focus.js';
import { graphAtStep } from '../../src/teach/render.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { buildTimeline } from '../../src/teach/timeline.js';
import { frameOf, timeline } from './helpers.js';

const orphan = timeline('orphan.yaml');

describe('the focused picture', () => {
  it('leaves out inode 2, the root dentry and the mount of / while a step does not touch them', () => {
    const g = focusView(graphAtStep(orphan, frameOf(orphan, 'fstat').index));
    expect(g.nodes.some((n) => n.title === 'inode 2' || n.title === 'dentry /' || n.kind === 'mount')).toBe(false);
    expect(g.nodes.some((n) => n.title === 'inode 13')).toBe(true);
  });

  it('keeps a boot object the step changes: the root dentry gains a child at mkdir', () => {
    const g = focusView(graphAtStep(orphan, frameOf(orphan, 'mkdir').index));
    expect(g.nodes.find((n) => n.title === 'dentry /')?.marks).toContain('changed');
  });

  it('drops the stdio line of the fd tables, keeps their own fds', () => {
    const g = focusView(graphAtStep(orphan, frameOf(orphan, 'fstat').index));
    expect(g.nodes.find((n) => n.id === 'fdt_2')?.lines).toEqual(['fd 3 → file 4']);
  });

  it('with focus: [/b], leaves out the names away from it, not the open file', () => {
    const sc = parseScenario(
      [
        'name: focus',
        'focus: [/b]',
        'steps:',
        '  - {call: mkdir, args: {path: /a, mode: 0755}}',
        '  - {call: open, args: {path: /b, flags: O_RDWR|O_CREAT, mode: 0644}, expect: {ret: 3}}',
        '  - {call: fstat, args: {fd: 3}}',
      ].join('\n'),
      'focus.yaml',
    );
    const g = focusView(graphAtStep(buildTimeline(sc), 3));
    const titles = g.nodes.map((n) => n.title);
    expect(titles).toContain('dentry "b"');
    expect(titles).not.toContain('dentry "a"');
    expect(g.nodes.some((n) => n.kind === 'file')).toBe(true);
  });

  it('refuses a focus: that is not a list of absolute paths, naming its line', () => {
    expect(() => parseScenario('name: x\nfocus: [b]\nsteps:\n  - {call: sync, args: {}}\n', 'f.yaml')).toThrow(
      'f.yaml:2: focus: must be a list of absolute paths',
    );
  });
});
