import path from 'node:path';
import { parseArgs } from 'node:util';
import { FileFormat, TextEncoding } from '../formats/types.js';
import { ImportMode } from '../import/types.js';
import { kindNamed, RECORD_KINDS, type RecordKind } from '../kinds.js';

export const USAGE = `Usage: pnpm import <file> [more files] [--kind deals] [--mapping bitrix24 | --mapping-file m.json]
       [--source name] [--dry-run] [--partial] [--encoding AUTO|UTF8|WINDOWS1251] [--delimiter ';'] [--format CSV|JSON|NDJSON]
Kind and format come from each file's name when not given (deals.csv, follow-ups.ndjson, customers.json);
several files are applied in dependency order in one job. Exit status: 0 applied, 1 refused or row errors, 2 usage.`;

/** A command line that cannot be run as given (exit status 2). */
export class UsageError extends Error {}

export interface CliFile {
  path: string;
  kind: RecordKind;
  format: FileFormat;
}

export interface CliOptions {
  files: CliFile[];
  mapping: string | null;
  mappingFile: string | null;
  /** The source named, else the preset's name, else "generic". */
  source: string;
  dryRun: boolean;
  mode: ImportMode;
  encoding: TextEncoding | null;
  delimiter: ',' | ';' | '\t' | null;
}

const FLAGS = {
  kind: { type: 'string' },
  mapping: { type: 'string' },
  'mapping-file': { type: 'string' },
  source: { type: 'string' },
  'dry-run': { type: 'boolean' },
  partial: { type: 'boolean' },
  encoding: { type: 'string' },
  delimiter: { type: 'string' },
  format: { type: 'string' },
  help: { type: 'boolean' },
} as const;

function enumValue<T extends string>(values: Record<string, T>, raw: string | undefined, flag: string): T | null {
  if (raw === undefined) return null;
  const value = Object.values(values).find((candidate) => candidate === raw.toUpperCase());
  if (!value) throw new UsageError(`--${flag} must be one of ${Object.values(values).join(', ')}, got "${raw}"`);
  return value;
}

/** The one kind a longer name holds (`bitrix-deals-2026`), or null when it holds none or several. */
function kindInName(stem: string): RecordKind | null {
  const name = stem.toLowerCase().replace(/_/g, '-');
  const found = RECORD_KINDS.filter((kind) => name.includes(kind));
  return found.length === 1 ? found[0] : null;
}

/** A file's kind and format: the flags when given, else its name (`follow-ups.ndjson`, `2026-deals.csv`). */
function fileOf(file: string, kindFlag: RecordKind | null, formatFlag: FileFormat | null): CliFile {
  const base = path.basename(file);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const format = formatFlag ?? enumValue(FileFormat, dot > 0 ? base.slice(dot + 1) : '', 'format');
  if (!format) throw new UsageError(`${file}: give --format, the name does not end in .csv, .json or .ndjson`);
  const kind = kindFlag ?? kindNamed(stem) ?? kindInName(stem);
  if (!kind) throw new UsageError(`${file}: give --kind, the name does not say which records it holds (e.g. deals.csv)`);
  return { path: file, kind, format };
}

/** Reads the command line; throws UsageError for anything it cannot run (unknown flag, no file, bad value). */
export function parseCliArgs(argv: string[]): CliOptions | 'help' {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof FLAGS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('name at least one file');
  if (values.mapping && values['mapping-file']) throw new UsageError('give --mapping or --mapping-file, not both');
  const kind = values.kind === undefined ? null : kindNamed(values.kind);
  if (values.kind !== undefined && !kind)
    throw new UsageError(`--kind: "${values.kind}" is not a record kind (territories, teams, members, deals, …)`);
  const format = enumValue(FileFormat, values.format, 'format');
  const delimiter = values.delimiter === undefined ? null : values.delimiter === '\\t' ? '\t' : values.delimiter;
  if (delimiter !== null && delimiter !== ',' && delimiter !== ';' && delimiter !== '\t')
    throw new UsageError('--delimiter must be , ; or \\t');
  return {
    files: positionals.map((file) => fileOf(file, kind, format)),
    mapping: values.mapping ?? null,
    mappingFile: values['mapping-file'] ?? null,
    source: values.source ?? values.mapping?.toLowerCase() ?? 'generic',
    dryRun: values['dry-run'] ?? false,
    mode: values.partial ? ImportMode.PARTIAL : ImportMode.ALL_OR_NOTHING,
    encoding: enumValue(TextEncoding, values.encoding, 'encoding'),
    delimiter,
  };
}
