/** Rules of mappings; part of ../rules.ts. A bad date uses the shared rule `date`. */
export const MAPPING_RULES = {
  'missing-column': 'A file has none of the columns its record kind requires (the wrong file, kind or mapping): each missing one is named.',
  'unmapped-value': 'A value has no translation in the mapping (a CRM stage or source not listed) and is not a value of ours either.',
  currency: 'An amount is in another currency than the organisation currency; amounts are not converted.',
  'mapping-file': 'A mapping file is not JSON of the mapping shape (the message names the path, e.g. `columns.amount`).',
  'unknown-mapping': 'No preset mapping has that name, or the preset does not cover the record kind.',
} as const;
