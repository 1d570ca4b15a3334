/**
 * Comparing the credential calls' outputs with the model's: getgroups' list, getresuid's and
 * getresgid's real, effective and saved ids, capget's effective and permitted sets, every one of
 * the 41 capabilities. capget's inheritable set is printed but not modelled (src/model/cred.ts),
 * so it is not compared.
 */
import { CAP_NAMES, capHas } from '../model/cred.js';
import type { OutSpec } from '../model/syscall/spec.js';
import type { SysResult } from './model-answers.js';
import { capSetShown, idShown, numbersOf } from './args-creds.js';
import type { StraceValue } from './strace-ast.js';

export type CredOutSpec = Extract<OutSpec, { kind: 'groups' | 'ids' | 'caps' }>;

export const isCredOut = (out: OutSpec): out is CredOutSpec =>
  out.kind === 'groups' || out.kind === 'ids' || out.kind === 'caps';

const ID_NAMES = ['real', 'effective', 'saved'] as const;

/** A set as /proc/PID/status prints it: 16 hex digits. */
const capHex = (set: number): string => set.toString(16).padStart(16, '0');

/** How two sets differ: both in hex, and the capabilities only one holds when they are few. */
function capDifference(what: string, real: number, model: number): string {
  const only = (a: number, b: number): string[] => CAP_NAMES.filter((_, bit) => capHas(a, bit) && !capHas(b, bit));
  const [logs, models] = [only(real, model), only(model, real)];
  const named: string[] = [];
  if (logs.length > 0 && logs.length <= 4) named.push(`only the log's: ${logs.join(', ')}`);
  if (models.length > 0 && models.length <= 4) named.push(`only the model's: ${models.join(', ')}`);
  return `${what} ${capHex(real)}, model ${capHex(model)}${named.length > 0 ? ` (${named.join('; ')})` : ''}`;
}

/** Append the differences between what strace printed and the model's answer to `diffs`. */
export function compareCredOutputs(
  out: CredOutSpec,
  args: readonly StraceValue[],
  r: Extract<SysResult, { ok: true }>,
  diffs: string[],
): void {
  switch (out.kind) {
    case 'groups': {
      const real = numbersOf(args[out.at])?.map((g) => g >>> 0);
      if (real === undefined || r.groups === undefined) return;
      if (real.join(',') !== r.groups.join(','))
        diffs.push(`groups [${real.join(', ')}], model [${r.groups.join(', ')}]`);
      return;
    }
    case 'ids':
      ID_NAMES.forEach((name, i) => {
        const real = idShown(args[i]);
        const model = r.ids?.[i];
        if (real !== null && model !== undefined && real !== model) diffs.push(`${name} id ${real}, model ${model}`);
      });
      return;
    case 'caps': {
      const shown = args[out.at];
      if (shown === undefined || shown.kind !== 'struct' || r.caps === undefined) return;
      for (const set of ['effective', 'permitted'] as const) {
        const real = capSetShown(shown.fields[set]);
        if (real !== null && real !== r.caps[set]) diffs.push(capDifference(set, real, r.caps[set]));
      }
      return;
    }
  }
}
