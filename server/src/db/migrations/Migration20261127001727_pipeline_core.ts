import { Migration } from '@mikro-orm/migrations';

export class Migration20261127001727_pipeline_core extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "sales_stage" ("id" serial primary key, "code" varchar(60) not null, "name_en" varchar(120) not null, "name_ru" varchar(120) not null, "position" int not null, "probability" numeric(5,2) not null, "outcome" text check ("outcome" in (\'OPEN\', \'WON\', \'LOST\')) not null, "created_at" timestamptz not null default now(), "archived_at" timestamptz null);',
    );
    this.addSql('alter table "sales_stage" add constraint "sales_stage_code_unique" unique ("code");');
    this.addSql(
      'create table "deal" ("id" serial primary key, "title" varchar(300) not null, "owner_id" int not null, "team_id" int not null, "stage_id" int not null, "status" text check ("status" in (\'OPEN\', \'WON\', \'LOST\')) not null default \'OPEN\', "amount" numeric(18,2) not null, "expected_close_date" date not null, "close_date" date null, "close_reason" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1);',
    );
    this.addSql('create index "deal_owner_id_index" on "deal" ("owner_id");');
    this.addSql('create index "deal_team_id_index" on "deal" ("team_id");');
    this.addSql('create index "deal_stage_id_index" on "deal" ("stage_id");');
    this.addSql('create index "deal_open_expected_close_index" on "deal" ("status", "expected_close_date");');
    this.addSql('create index "deal_won_close_date_index" on "deal" ("status", "close_date");');
    this.addSql(
      'create table "deal_stage_change" ("id" serial primary key, "deal_id" int not null, "from_stage_id" int null, "to_stage_id" int not null, "changed_at" timestamptz not null default now(), "changed_by_id" int null);',
    );
    this.addSql('create index "deal_stage_change_deal_id_index" on "deal_stage_change" ("deal_id");');
    this.addSql(
      'alter table "deal" add constraint "deal_owner_id_foreign" foreign key ("owner_id") references "member" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "deal" add constraint "deal_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "deal" add constraint "deal_stage_id_foreign" foreign key ("stage_id") references "sales_stage" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "deal_stage_change" add constraint "deal_stage_change_deal_id_foreign" foreign key ("deal_id") references "deal" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "deal_stage_change" add constraint "deal_stage_change_from_stage_id_foreign" foreign key ("from_stage_id") references "sales_stage" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "deal_stage_change" add constraint "deal_stage_change_to_stage_id_foreign" foreign key ("to_stage_id") references "sales_stage" ("id") on update cascade;',
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table "deal" drop constraint "deal_stage_id_foreign";');
    this.addSql('alter table "deal_stage_change" drop constraint "deal_stage_change_from_stage_id_foreign";');
    this.addSql('alter table "deal_stage_change" drop constraint "deal_stage_change_to_stage_id_foreign";');
    this.addSql('alter table "deal_stage_change" drop constraint "deal_stage_change_deal_id_foreign";');
    this.addSql('drop table if exists "sales_stage" cascade;');
    this.addSql('drop table if exists "deal" cascade;');
    this.addSql('drop table if exists "deal_stage_change" cascade;');
  }
}
