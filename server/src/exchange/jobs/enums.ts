import { registerEnumType } from 'type-graphql';
import { FileFormat, TextEncoding } from '../formats/types.js';
import { ImportMode, ImportPhase } from '../import/types.js';
import { KIND_SPECS, RecordKind } from '../kinds.js';

/** Where an import job stands. */
export enum ImportJobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

registerEnumType(ImportJobStatus, {
  name: 'ImportJobStatus',
  description: 'Where an import job stands.',
  valuesConfig: {
    QUEUED: { description: 'Stored, waiting for a server process to run it (again, after a restart).' },
    RUNNING: { description: 'A server process is reading or applying its files.' },
    SUCCEEDED: { description: 'Done: the rows were applied (PARTIAL: the valid ones), or a dry run found no error.' },
    FAILED: { description: 'Nothing applied: row errors in an ALL_OR_NOTHING run or a dry run, or the job crashed.' },
  },
});

registerEnumType(RecordKind, {
  name: 'RecordKind',
  description: 'A kind of record that is imported and exported, in the order an import applies them.',
  valuesConfig: Object.fromEntries(
    Object.entries(RecordKind).map(([name, kind]) => [name, { description: `Table ${KIND_SPECS[kind].table}; file name "${kind}".` }]),
  ),
});

registerEnumType(FileFormat, {
  name: 'FileFormat',
  description: 'The format of an import or export file.',
  valuesConfig: {
    CSV: { description: 'Comma- or semicolon-separated values with a header row.' },
    JSON: { description: 'A JSON array of objects.' },
    NDJSON: { description: 'One JSON object per line.' },
  },
});

registerEnumType(TextEncoding, {
  name: 'TextEncoding',
  description: 'How the bytes of a CSV file are read.',
  valuesConfig: {
    AUTO: { description: 'UTF-8 with or without BOM, falling back to Windows-1251.' },
    UTF8: { description: 'UTF-8, with or without BOM.' },
    WINDOWS1251: { description: 'Windows-1251 (Cyrillic), as Russian Excel saves CSV.' },
  },
});

registerEnumType(ImportMode, {
  name: 'ImportMode',
  description: 'What an import does with valid rows when some rows are rejected.',
  valuesConfig: {
    ALL_OR_NOTHING: { description: 'Nothing is written unless every row is valid.' },
    PARTIAL: { description: 'Valid rows are written; the rejected ones come back as a CSV with the reason beside each.' },
  },
});

registerEnumType(ImportPhase, {
  name: 'ImportPhase',
  description: 'What a running import is doing.',
  valuesConfig: {
    READING: { description: 'Reading and checking the rows of a file.' },
    APPLYING: { description: 'Writing the records of a kind.' },
    DERIVING: { description: 'Working out milestones and lifecycle stages from the imported history.' },
    DONE: { description: 'Finished.' },
  },
});
