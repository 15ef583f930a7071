import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * Which record an id of another system names: (source, kind, external id) → our record. Importing again
 * with the same source updates the record it names instead of adding one; exports write these ids back.
 * Not exposed in the graph: the ids belong to the files they came from.
 */
@Entity({ tableName: 'external_ref' })
// Record first: this index answers "which id has this record"; lookups by id use the primary key only.
@Unique({ name: 'external_ref_record_unique', properties: ['recordId', 'kind', 'source'] })
export class ExternalRef {
  /** The system the id comes from, as the import named it ("bitrix24", "legacy-crm"). */
  @PrimaryKey({ type: 'string', length: 60 })
  source!: string;

  /** The record kind (exchange/kinds.ts `RecordKind`): "deals", "follow-ups", … */
  @PrimaryKey({ type: 'string', length: 30 })
  kind!: string;

  @PrimaryKey({ type: 'string', length: 200 })
  externalId!: string;

  @Property({ type: 'integer' })
  recordId!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
