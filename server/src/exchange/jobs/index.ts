import { ImportJobResolver } from './import-job.resolver.js';

/** Import jobs: startImport and importJob(s) here, POST /import in upload-endpoint.ts, the queue in runner.ts. */
export const importJobResolvers = [ImportJobResolver] as const;
export { startImportRunner, type ImportRunner } from './runner.js';
export { importEndpoint } from './upload-endpoint.js';
