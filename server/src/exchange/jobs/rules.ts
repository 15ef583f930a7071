/** Rules of import jobs (startImport, POST /import, `pnpm import`); part of ../rules.ts. */
export const JOB_RULES = {
  'import-files': 'An import job lists no file, or more than 20.',
  'inline-file-size':
    'A file given as `content` in startImport is larger than 5 MB (or MAX_BODY_BYTES): upload it with POST /import instead.',
  'mapping-choice': 'A file names both a preset `mapping` and a `mappingFile`: give one of them.',
  'import-source': '`source` (the system the external ids come from) is empty, longer than 60 characters, or holds a control character.',
} as const;
