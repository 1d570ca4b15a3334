/**
 * The plain-words narration of a step, from its changes: a headline naming the step and its result,
 * then one sentence per change, the reference counts last. A link count that reached zero is
 * told together with the orphan list, since that is one event for the reader.
 */
import type { Change } from './changes.js';
import { stepLine } from '../scenario/run.js';
import { refusalSentence } from './refusal.js';
import { frameTitle, type Frame } from './timeline.js';

export interface Narration {
  readonly headline: string;
  readonly sentences: readonly string[];
}

const holdersText = (h: readonly string[]): string =>
  h.length === 0 ? 'it is still in use' : `${h.join(' and ')} still ${h.length > 1 ? 'hold' : 'holds'} it`;

function orphanClause(c: Extract<Change, { kind: 'orphan' }>): string {
  return c.on
    ? `${c.fn} put it on the ${c.fs} orphan list because ${holdersText(c.holders)}`
    : `${c.fn} took it off the ${c.fs} orphan list`;
}

function sentence(c: Change): string {
  switch (c.kind) {
    case 'alloc':
      return `${c.fn} allocated ${c.what}.`;
    case 'free':
      return `${c.fn} freed ${c.obj.label}${c.why === null ? '' : `: ${c.why}`}.`;
    case 'count':
      return `${c.fn} took ${c.obj.label}'s ${c.field} from ${c.from} to ${c.to}.`;
    case 'orphan':
      return c.on
        ? `${c.fn} put ${c.obj.label} on the ${c.fs} orphan list because ${holdersText(c.holders)}.`
        : `${c.fn} took ${c.obj.label} off the ${c.fs} orphan list.`;
    case 'name': {
      const where = c.relinkDir ? ' in relink_dir' : '';
      const of = c.inode === null ? '' : ` (${c.inode})`;
      return c.added
        ? `${c.fn} added the name ${c.path}${of}${where}.`
        : `${c.fn} removed the name ${c.path}${of}${where}.`;
    }
    case 'fd': {
      const who = `fd ${c.fd} of pid ${c.pids.join(' and pid ')}`;
      if (c.to === null) return `${c.fn} closed ${who} (it held ${c.from ?? '?'}).`;
      if (c.from === null) return `${c.fn} put ${c.to} in ${who}.`;
      return `${c.fn} pointed ${who} at ${c.to} instead of ${c.from}.`;
    }
    case 'field':
      if (c.field === 'd_unhashed' && c.to === 'true')
        return `${c.fn} unhashed ${c.obj.label}: lookups no longer find it, but it lives while something holds it.`;
      return `${c.fn} changed ${c.obj.label}'s ${c.field} from ${c.from} to ${c.to}.`;
    case 'relink-dir':
      return c.to === null
        ? `${c.obj.label} dropped its relink_dir ${c.from ?? ''}.`
        : `the relink= option (patch 07) set ${c.obj.label}'s s_relink_dir to ${c.to}.`;
    case 'image': {
      const files = c.files.map((f) => `${f.path}${f.unlinked ? ' (unlinked)' : ''}: ${f.source}`);
      const dead =
        c.deadCwds.length === 0
          ? ''
          : ` It records ${c.deadCwds.join(', ')}: restart recreates it under its old name, holds it and removes it again.`;
      if (c.files.length === 0) return `checkpoint wrote a ${c.strategy} image with no files.${dead}`;
      return `checkpoint wrote a ${c.strategy} image of ${c.files.length} file${c.files.length === 1 ? '' : 's'} (${files.join('; ')}) for ${c.fds.join(', ')}.${dead}`;
    }
    case 'machine': {
      const lost =
        c.lost.length === 0
          ? 'no open, unlinked inode was left behind'
          : `${c.lost.join(', ')} had no name and stayed behind`;
      const rel = c.relinked.length === 0 ? 'relink_dir holds no name' : `relink_dir carried ${c.relinked.join(', ')}`;
      return `the root file system was copied to a fresh machine: ${c.copied} inodes with names; ${lost}; ${rel}.`;
    }
  }
}

export function narrate(f: Frame, changes: readonly Change[]): Narration {
  const headline = `${stepLine(frameTitle(f), f, '→')}${f.ok ? '' : ' (NOT as the scenario expected)'}`;
  const orphans = new Map<number, Extract<Change, { kind: 'orphan' }>>();
  for (const c of changes) if (c.kind === 'orphan') orphans.set(c.obj.id, c);
  const told = new Set<Change>();
  const sentences: string[] = [];
  for (const c of changes) {
    if (told.has(c)) continue;
    const o = c.kind === 'count' && c.field === 'i_nlink' ? orphans.get(c.obj.id) : undefined;
    if (c.kind === 'count' && o !== undefined) {
      told.add(o);
      sentences.push(`${c.fn} took ${c.obj.label}'s i_nlink from ${c.from} to ${c.to} and ${orphanClause(o)}.`);
      continue;
    }
    sentences.push(sentence(c));
  }
  if (sentences.length === 0) sentences.push('nothing in the model changed.');
  const refused = refusalSentence(f);
  return { headline, sentences: refused === null ? sentences : [refused, ...sentences] };
}
