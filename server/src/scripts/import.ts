import 'reflect-metadata';
import { runImportCli } from '../exchange/jobs/cli.js';

/** `pnpm run import <file> [more files] [--kind deals] …` (see exchange/jobs/cli-args.ts for the flags). */
process.exitCode = await runImportCli(process.argv.slice(2));
