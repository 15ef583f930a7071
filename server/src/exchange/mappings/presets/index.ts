import { badInput } from '../../../errors.js';
import { RECORD_KINDS, type RecordKind } from '../../kinds.js';
import type { Mapping } from '../types.js';
import { AMOCRM } from './amocrm.js';
import { BITRIX24 } from './bitrix24.js';
import { GENERIC } from './generic.js';

const BY_NAME: Record<string, Partial<Record<RecordKind, Mapping>>> = { generic: GENERIC, bitrix24: BITRIX24, amocrm: AMOCRM };

/** The presets by name and the kinds each covers, for the API's list and for messages. */
export const PRESETS: readonly { name: string; kinds: readonly RecordKind[] }[] = Object.entries(BY_NAME).map(([name, byKind]) => ({
  name,
  kinds: RECORD_KINDS.filter((kind) => byKind[kind] !== undefined),
}));

function listing(): string {
  return PRESETS.map((p) => `${p.name} (${p.kinds.length === RECORD_KINDS.length ? 'every kind' : p.kinds.join(', ')})`).join('; ');
}

/** A preset's mapping of a kind, a copy the caller may change; unknown names and uncovered kinds are refused. */
export function presetMapping(name: string, kind: RecordKind): Mapping {
  const key = name.trim().toLowerCase();
  const byKind = Object.hasOwn(BY_NAME, key) ? BY_NAME[key] : undefined;
  if (!byKind) throw badInput('mapping', 'unknown-mapping', `there is no preset "${name}": the presets are ${listing()}`);
  const mapping = byKind[kind];
  if (!mapping)
    throw badInput('mapping', 'unknown-mapping', `the preset "${name}" has no mapping of ${kind}: the presets are ${listing()}`);
  return structuredClone(mapping);
}
