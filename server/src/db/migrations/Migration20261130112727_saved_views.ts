import { Migration } from '@mikro-orm/migrations';

export class Migration20261130112727_saved_views extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "saved_view" ("id" serial primary key, "name" varchar(200) not null, "description" text null, "chart_kind" text check ("chart_kind" in (\'TABLE\', \'BAR\', \'LINE\', \'PIE\', \'NUMBER\')) not null, "sharing" text check ("sharing" in (\'PRIVATE\', \'TEAM\', \'EVERYONE\')) not null, "query" jsonb not null, "owner_key" varchar(320) not null, "owner_id" int null, "team_id" int null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());',
    );
    this.addSql('create index "saved_view_owner_id_index" on "saved_view" ("owner_id");');
    this.addSql('create index "saved_view_team_id_index" on "saved_view" ("team_id");');
    this.addSql('create index "saved_view_owner_key_index" on "saved_view" ("owner_key");');
    this.addSql(
      'alter table "saved_view" add constraint "saved_view_owner_id_foreign" foreign key ("owner_id") references "member" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "saved_view" add constraint "saved_view_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade on delete set null;',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "saved_view" cascade;');
  }
}
