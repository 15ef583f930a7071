import { Field, InputType } from 'type-graphql';
import { FileFormat, TextEncoding } from '../formats/types.js';
import { ImportMode } from '../import/types.js';
import { RecordKind } from '../kinds.js';

@InputType({ description: 'One file of an import, its text given inline (up to 5 MB; larger files go through POST /import).' })
export class ImportFileInput {
  @Field(() => RecordKind, { description: 'What the file holds.' })
  kind!: RecordKind;

  @Field(() => FileFormat, { description: 'Its format.' })
  format!: FileFormat;

  @Field({ description: 'File name, for messages and the job record (e.g. deals.csv).' })
  name!: string;

  @Field({ description: 'The file text (UTF-8).' })
  content!: string;

  @Field(() => String, {
    nullable: true,
    description: 'A preset mapping: generic, bitrix24 or amocrm. The generic layout when neither this nor mappingFile is given.',
  })
  mapping?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A mapping file (JSON text) for a layout no preset covers; not together with mapping.',
  })
  mappingFile?: string | null;

  @Field(() => TextEncoding, { nullable: true, description: 'How to read the bytes; detected when absent.' })
  encoding?: TextEncoding | null;

  @Field(() => String, { nullable: true, description: 'CSV delimiter: ",", ";" or a tab; detected when absent.' })
  delimiter?: string | null;
}

@InputType({ description: 'An import to queue: its files and how to apply them.' })
export class StartImportInput {
  @Field(() => [ImportFileInput], {
    description: 'The files, 1 to 20; they are applied in dependency order (territories first, goals last).',
  })
  files!: ImportFileInput[];

  @Field({
    description: 'The system the external ids come from ("bitrix24", "legacy-crm"); importing again from it updates the same records.',
  })
  source!: string;

  @Field({ defaultValue: false, description: 'Check every row and report what would happen, writing nothing.' })
  dryRun!: boolean;

  @Field(() => ImportMode, { defaultValue: ImportMode.ALL_OR_NOTHING, description: 'All or nothing (default), or the valid rows only.' })
  mode!: ImportMode;
}
