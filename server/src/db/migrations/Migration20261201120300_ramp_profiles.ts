import { Migration } from '@mikro-orm/migrations';

export class Migration20261201120300_ramp_profiles extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "ramp_profile" ("id" serial primary key, "name" varchar(120) not null, "steps" jsonb not null, "is_default" boolean not null default false, "created_at" timestamptz not null default now(), "archived_at" timestamptz null);',
    );
    this.addSql('create unique index "ramp_profile_default_unique" on "ramp_profile" ("is_default") where "is_default";');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "ramp_profile" cascade;');
  }
}
