import { Migration } from '@mikro-orm/migrations';

/** Ids of other systems (exchange/external-ref.entity.ts): imports upsert by them, exports write them back. */
export class Migration20261201130000_external_refs extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "external_ref" ("source" varchar(60) not null, "kind" varchar(30) not null, "external_id" varchar(200) not null, "record_id" int not null, "created_at" timestamptz not null default now(), constraint "external_ref_pkey" primary key ("source", "kind", "external_id"));',
    );
    this.addSql('alter table "external_ref" add constraint "external_ref_record_unique" unique ("record_id", "kind", "source");');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "external_ref" cascade;');
  }
}
