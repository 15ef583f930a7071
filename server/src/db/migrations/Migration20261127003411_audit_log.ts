import { Migration } from '@mikro-orm/migrations';

export class Migration20261127003411_audit_log extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "audit_entry" ("id" serial primary key, "at" timestamptz not null default now(), "request_id" varchar(128) not null, "actor_role" text check ("actor_role" in (\'ADMIN\', \'MANAGER\', \'REP\', \'ANALYST\', \'EMBED\')) not null, "actor_member_id" int null, "actor_subject" varchar(300) null, "operation" varchar(200) not null, "arguments" jsonb not null, "outcome" varchar(60) not null, "error" text null, "changes" jsonb not null);',
    );
    this.addSql('create index "audit_entry_at_index" on "audit_entry" ("at");');
    this.addSql('create index "audit_entry_actor_member_id_index" on "audit_entry" ("actor_member_id");');
    this.addSql('create index "audit_entry_operation_index" on "audit_entry" ("operation");');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "audit_entry" cascade;');
  }
}
