// Each object's counts across a scenario, the table the report shows under its stepper.
import { describe, expect, it } from 'vitest';
import { objectTimeline, type ObjectRow } from '../../src/teach/object-timeline.js';
import { frameOf, timeline } from './helpers.js';

const orphan = timeline('orphan.yaml');
const rows = objectTimeline(orphan);
const row = (object: string, field: string): ObjectRow | undefined =>
  rows.find((r) => r.object === object && r.field === field);

describe('the object timeline', () => {
  it('has one value per state, from the booted machine to the last step', () => {
    for (const r of rows) expect(r.values).toHaveLength(orphan.frames.length + 1);
  });

  it('puts inode 13 on the orphan list at the unlink and off it at the checkpoint', () => {
    const unlink = frameOf(orphan, 'unlink').index;
    const checkpoint = frameOf(orphan, 'checkpoint').index;
    const on = row('inode 13', 'on the orphan list')?.values;
    expect(on?.[unlink - 1]).toBe('no');
    expect(on?.[unlink]).toBe('yes');
    expect(on?.[checkpoint]).toBe('no');
  });

  it("follows inode 13's i_nlink: 1 after the open, 0 after the unlink, 1 once relinked", () => {
    const v = row('inode 13', 'i_nlink')?.values;
    expect(v?.[frameOf(orphan, 'open').index]).toBe('1');
    expect(v?.[frameOf(orphan, 'unlink').index]).toBe('0');
    expect(v?.[frameOf(orphan, 'checkpoint').index]).toBe('1');
  });

  it("lists relink_dir's names across the steps: the relinked name appears at the checkpoint", () => {
    const v = rows.find((r) => r.field === "relink_dir's names")?.values;
    const checkpoint = frameOf(orphan, 'checkpoint').index;
    expect(v?.[checkpoint - 1]).toBe('(empty)');
    expect(v?.[checkpoint]).toBe('unlink-at-restart-13-0');
  });

  it('has no value for an object before it exists, and none after it is freed', () => {
    const open = frameOf(orphan, 'open').index;
    const kill = frameOf(orphan, 'kill').index;
    const f = rows.find((r) => r.field === 'f_count' && r.object.includes('/log'))?.values;
    expect(f?.[open - 1]).toBeNull();
    expect(f?.[open]).toBe('1');
    expect(f?.[kill]).toBeNull();
  });

  it('leaves out a boot object whose value never changes', () => {
    expect(rows.some((r) => r.object === 'inode 2' && r.field === 'i_count')).toBe(false);
  });
});
