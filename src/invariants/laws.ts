/**
 * Every general law the checker knows, by name: the state invariants, the transition laws over a
 * step, the flow law over a checkpoint or cleanup, and the race explorer's deadlock. A seeded bug
 * counts as found only through one of these (`relinklab check --mutation`), so none is found by a
 * property written for it alone.
 */
import { INVARIANTS } from './invariants.js';
import { TRANSITION_PROPERTIES } from './transitions.js';

export interface Law {
  readonly name: string;
  readonly over: 'state' | 'step' | 'flow' | 'schedule';
  readonly doc: string;
}

export const LAWS: readonly Law[] = [
  ...INVARIANTS.map((i): Law => ({ name: i.name, over: 'state', doc: i.doc })),
  ...TRANSITION_PROPERTIES.map((p): Law => ({ name: p.name, over: 'step', doc: p.doc })),
  {
    name: 'flowChangesOnlyItsFiles',
    over: 'flow',
    doc: 'a checkpoint or cleanup changes the names of only the files it checkpointed (patches 04, 10)',
  },
  {
    name: 'deadlock',
    over: 'schedule',
    doc: 'no schedule leaves tasks waiting for locks that are never released (src/checker/races/races/race-deadlock.ts)',
  },
];

export const isGeneralLaw = (name: string): boolean => LAWS.some((l) => l.name === name);
