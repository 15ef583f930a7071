import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/connection.js';
import { FileFormat, TextEncoding } from '../formats/types.js';
import { ImportPhase } from '../import/types.js';
import { RecordKind } from '../kinds.js';
import { ImportJob } from './import-job.entity.js';

@ObjectType({ description: 'How far a job got: the phase, the kind at hand, and the rows and bytes read so far.' })
export class ImportJobProgress {
  @Field(() => ImportPhase, { nullable: true, description: 'What it is doing; null while queued.' })
  phase!: ImportPhase | null;

  @Field(() => RecordKind, { nullable: true, description: 'The kind being read or applied.' })
  kind!: RecordKind | null;

  @Field(() => Float, { description: 'Rows read and checked so far, all files together.' })
  processedRows!: number;

  @Field(() => Float, { description: 'Bytes read so far, all files together.' })
  processedBytes!: number;

  @Field(() => Float, { nullable: true, description: 'Bytes of all its files.' })
  totalBytes!: number | null;

  @Field(() => Int, { nullable: true, description: 'processedBytes as a whole percentage of totalBytes; 100 once finished.' })
  percent!: number | null;
}

@ObjectType({ description: 'What a job did with the rows of one record kind.' })
export class ImportKindCounts {
  @Field(() => RecordKind, { description: 'The record kind.' })
  kind!: RecordKind;

  @Field(() => Int, { description: 'Rows read.' })
  rows!: number;

  @Field(() => Int, { description: 'Records created (a dry run: that would be created).' })
  created!: number;

  @Field(() => Int, { description: 'Records that existed and changed.' })
  updated!: number;

  @Field(() => Int, { description: 'Records that existed and that the row repeats as they are.' })
  unchanged!: number;

  @Field(() => Int, { description: 'Rows refused for breaking a rule (see errors).' })
  rejected!: number;
}

@ObjectType({ description: 'A rule one row of an import file breaks.' })
export class ImportRowError {
  @Field({ description: 'The file name as given.' })
  file!: string;

  @Field(() => Int, {
    description: 'Row of the file: the CSV row counting the header as 1, the NDJSON line, the JSON array element (from 1).',
  })
  row!: number;

  @Field(() => String, { nullable: true, description: 'The column of the source file; null when the error concerns the whole row.' })
  column!: string | null;

  @Field({ description: 'The rule broken, as in docs/errors.md (e.g. unknown-reference, two-decimals).' })
  rule!: string;

  @Field({ description: 'What is wrong, in words.' })
  message!: string;
}

@ObjectType({ description: 'One file of an import job.' })
export class ImportJobFile {
  @Field(() => RecordKind, { description: 'What it holds.' })
  kind!: RecordKind;

  @Field(() => FileFormat, { description: 'Its format.' })
  format!: FileFormat;

  @Field({ description: 'File name as given.' })
  name!: string;

  @Field(() => String, { nullable: true, description: "The mapping preset or the mapping file's name; null for the generic layout." })
  mapping!: string | null;

  @Field(() => TextEncoding, { nullable: true, description: 'Its encoding when given; otherwise detected.' })
  encoding!: TextEncoding | null;

  @Field(() => Float, { description: 'Its size in bytes.' })
  bytes!: number;
}

@ObjectType({ description: 'A page of import jobs, newest first.' })
export class ImportJobConnection extends Connection(ImportJob, 'ImportJob', 'import job') {}
