import { EXPORT_RULES } from './export/rules.js';
import { FORMAT_RULES } from './formats/rules.js';
import { IMPORT_RULES } from './import/rules.js';
import { JOB_RULES } from './jobs/rules.js';
import { MAPPING_RULES } from './mappings/rules.js';

/** Rules of importing and exporting records as they appear in `extensions.rule` and in import row errors; see ../rules.ts. */
export const EXCHANGE_RULES = { ...FORMAT_RULES, ...MAPPING_RULES, ...IMPORT_RULES, ...JOB_RULES, ...EXPORT_RULES } as const;
