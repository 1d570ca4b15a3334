/** The typed facts a step's narration is built from; --json prints them as they are. */
import type { World } from '../model/world.js';
import type { RecordRef, Table } from './diff.js';
import { objectLabel } from './labels.js';

export interface ObjRef {
  readonly table: Table;
  readonly id: number;
  readonly label: string;
}

export type Change =
  | { readonly kind: 'alloc'; readonly obj: ObjRef; readonly fn: string; readonly what: string }
  | { readonly kind: 'free'; readonly obj: ObjRef; readonly fn: string; readonly why: string | null }
  | {
      readonly kind: 'count';
      readonly obj: ObjRef;
      readonly field: string;
      readonly from: number;
      readonly to: number;
      readonly fn: string;
    }
  | {
      readonly kind: 'orphan';
      readonly obj: ObjRef;
      readonly fs: string;
      readonly on: boolean;
      readonly fn: string;
      readonly holders: readonly string[];
    }
  | {
      readonly kind: 'name';
      readonly path: string;
      readonly inode: string | null;
      readonly added: boolean;
      readonly relinkDir: boolean;
      readonly fn: string;
    }
  | {
      readonly kind: 'fd';
      readonly pids: readonly number[];
      readonly fd: number;
      readonly from: string | null;
      readonly to: string | null;
      readonly fn: string;
    }
  | {
      readonly kind: 'field';
      readonly obj: ObjRef;
      readonly field: string;
      readonly from: string;
      readonly to: string;
      readonly fn: string;
    }
  | { readonly kind: 'relink-dir'; readonly obj: ObjRef; readonly from: string | null; readonly to: string | null }
  | {
      readonly kind: 'image';
      readonly strategy: string;
      readonly files: readonly { readonly path: string; readonly unlinked: boolean; readonly source: string }[];
      readonly fds: readonly string[];
      /** Removed directories tasks hold as cwd: restart recreates them dead (src/cr/restore-task.ts). */
      readonly deadCwds: readonly string[];
    }
  | {
      readonly kind: 'machine';
      readonly copied: number;
      readonly lost: readonly string[];
      readonly relinked: readonly string[];
    };

export type ChangeKind = Change['kind'];

/** A record named as the narration names it, in the world it lives in. */
export const ref = (w: World, r: RecordRef): ObjRef => ({ ...r, label: objectLabel(w, r.table, r.id) });
