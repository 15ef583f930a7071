import { KIND_SPECS, RECORD_KINDS, type RecordKind } from '../../kinds.js';
import type { Mapping } from '../types.js';

/**
 * The generic layout: every field is read from the column of its own name (compared loosely: see
 * columnKey), in the canonical shapes, so a file exported by us comes back in unchanged.
 */
export const GENERIC: Record<RecordKind, Mapping> = Object.fromEntries(
  RECORD_KINDS.map((kind) => [
    kind,
    { name: 'generic', kind, columns: Object.fromEntries(KIND_SPECS[kind].fields.map((field) => [field.name, field.name])) },
  ]),
) as Record<RecordKind, Mapping>;
