import { Migration } from '@mikro-orm/migrations';

export class Migration20261126235421_organisation extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "territory" ("id" serial primary key, "name" varchar(200) not null, "kind" text check ("kind" in (\'REGION\', \'PRODUCT_LINE\', \'KEY_ACCOUNTS\')) not null, "potential" numeric(18,2) not null, "market_size" numeric(18,2) not null, "description" text null, "created_at" timestamptz not null default now(), "archived_at" timestamptz null);',
    );
    this.addSql('create index "territory_name_index" on "territory" ("name");');
    this.addSql(
      'create table "team" ("id" serial primary key, "name" varchar(200) not null, "kind" text check ("kind" in (\'GEOGRAPHIC\', \'PRODUCT\', \'KEY_ACCOUNT\', \'INSIDE_SALES\')) not null, "description" text null, "parent_id" int null, "path" varchar(1000) not null, "manager_id" int null, "territory_id" int null, "created_at" timestamptz not null default now(), "archived_at" timestamptz null);',
    );
    this.addSql('create index "team_parent_id_index" on "team" ("parent_id");');
    this.addSql('create index "team_manager_id_index" on "team" ("manager_id");');
    this.addSql('create index "team_territory_id_index" on "team" ("territory_id");');
    this.addSql('create index "team_path_index" on "team" ("path" text_pattern_ops);');
    this.addSql(
      'create table "member" ("id" serial primary key, "full_name" varchar(200) not null, "email" varchar(320) not null, "role" text check ("role" in (\'MANAGER\', \'REP\', \'SUPPORT\')) not null, "team_id" int not null, "territory_id" int null, "capability" numeric(3,2) not null, "hire_date" date not null, "created_at" timestamptz not null default now(), "archived_at" timestamptz null);',
    );
    this.addSql('alter table "member" add constraint "member_email_unique" unique ("email");');
    this.addSql('create index "member_team_id_index" on "member" ("team_id");');
    this.addSql('create index "member_territory_id_index" on "member" ("territory_id");');
    this.addSql(
      'create table "member_transfer" ("id" serial primary key, "member_id" int not null, "from_team_id" int not null, "to_team_id" int not null, "moved_at" timestamptz not null default now(), "moved_by_id" int null);',
    );
    this.addSql('create index "member_transfer_member_id_index" on "member_transfer" ("member_id");');
    this.addSql(
      'alter table "team" add constraint "team_parent_id_foreign" foreign key ("parent_id") references "team" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "team" add constraint "team_manager_id_foreign" foreign key ("manager_id") references "member" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "team" add constraint "team_territory_id_foreign" foreign key ("territory_id") references "territory" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "member" add constraint "member_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "member" add constraint "member_territory_id_foreign" foreign key ("territory_id") references "territory" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "member_transfer" add constraint "member_transfer_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "member_transfer" add constraint "member_transfer_from_team_id_foreign" foreign key ("from_team_id") references "team" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "member_transfer" add constraint "member_transfer_to_team_id_foreign" foreign key ("to_team_id") references "team" ("id") on update cascade;',
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table "team" drop constraint "team_territory_id_foreign";');
    this.addSql('alter table "member" drop constraint "member_territory_id_foreign";');
    this.addSql('alter table "team" drop constraint "team_parent_id_foreign";');
    this.addSql('alter table "member" drop constraint "member_team_id_foreign";');
    this.addSql('alter table "member_transfer" drop constraint "member_transfer_from_team_id_foreign";');
    this.addSql('alter table "member_transfer" drop constraint "member_transfer_to_team_id_foreign";');
    this.addSql('alter table "team" drop constraint "team_manager_id_foreign";');
    this.addSql('alter table "member_transfer" drop constraint "member_transfer_member_id_foreign";');
    this.addSql('drop table if exists "territory" cascade;');
    this.addSql('drop table if exists "team" cascade;');
    this.addSql('drop table if exists "member" cascade;');
    this.addSql('drop table if exists "member_transfer" cascade;');
  }
}
