import { Migration } from '@mikro-orm/migrations';

export class Migration20261127003710_goals_and_quotas extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "period" ("id" serial primary key, "kind" text check ("kind" in (\'MONTH\', \'QUARTER\', \'YEAR\')) not null, "name" varchar(100) not null, "start_date" date not null, "end_date" date not null, "created_at" timestamptz not null default now(), constraint period_end_after_start check ("end_date" >= "start_date"));',
    );
    this.addSql(
      'alter table "period" add constraint "period_year_no_overlap" exclude using gist (daterange("start_date", "end_date", \'[]\') with &&) where ("kind" = \'YEAR\');',
    );
    this.addSql(
      'alter table "period" add constraint "period_quarter_no_overlap" exclude using gist (daterange("start_date", "end_date", \'[]\') with &&) where ("kind" = \'QUARTER\');',
    );
    this.addSql(
      'alter table "period" add constraint "period_month_no_overlap" exclude using gist (daterange("start_date", "end_date", \'[]\') with &&) where ("kind" = \'MONTH\');',
    );
    this.addSql('create index "period_start_date_index" on "period" ("start_date");');
    this.addSql(
      'create table "quota" ("id" serial primary key, "member_id" int null, "team_id" int null, "period_id" int not null, "metric" text check ("metric" in (\'REVENUE\', \'DEALS_WON\', \'NEW_CUSTOMERS\', \'ACTIVITIES\')) not null, "target" numeric(18,2) not null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint quota_target_non_negative check ("target" >= 0), constraint quota_one_owner_check check (num_nonnulls("member_id", "team_id") = 1));',
    );
    this.addSql('create index "quota_member_id_index" on "quota" ("member_id");');
    this.addSql('create index "quota_team_id_index" on "quota" ("team_id");');
    this.addSql('create index "quota_period_id_index" on "quota" ("period_id");');
    this.addSql('alter table "quota" add constraint "quota_team_period_metric_unique" unique ("team_id", "period_id", "metric");');
    this.addSql('alter table "quota" add constraint "quota_member_period_metric_unique" unique ("member_id", "period_id", "metric");');
    this.addSql(
      'create table "quota_change" ("id" serial primary key, "quota_id" int not null, "changed_at" timestamptz not null default now(), "changed_by_id" int null, "changed_by_role" varchar(20) not null, "old_target" numeric(18,2) null, "new_target" numeric(18,2) not null, "version" int not null, "source" text check ("source" in (\'SET\', \'ALLOCATION\')) not null, "note" text null);',
    );
    this.addSql('create index "quota_change_quota_id_index" on "quota_change" ("quota_id");');
    this.addSql('create index "quota_change_changed_by_id_index" on "quota_change" ("changed_by_id");');
    this.addSql(
      'create table "goal" ("id" serial primary key, "kind" text check ("kind" in (\'QUANTITATIVE\', \'QUALITATIVE\')) not null, "statement" text not null, "metric" text check ("metric" in (\'REVENUE\', \'DEALS_WON\', \'NEW_CUSTOMERS\', \'ACTIVITIES\', \'WIN_RATE\')) null, "target" numeric(18,2) null, "acceptance_criteria" text null, "objective" text check ("objective" in (\'SALES_GROWTH\', \'TEAM_EFFICIENCY\', \'CUSTOMER_RELATIONSHIPS\', \'COMPETITIVE_ADVANTAGE\', \'REGULATORY_COMPLIANCE\')) not null, "member_id" int null, "team_id" int null, "period_id" int not null, "created_by_id" int null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "archived_at" timestamptz null, constraint goal_shape_check check (("kind" = \'QUANTITATIVE\' and "metric" is not null and "target" is not null) or ("kind" = \'QUALITATIVE\' and "acceptance_criteria" is not null)), constraint goal_one_owner_check check (num_nonnulls("member_id", "team_id") = 1));',
    );
    this.addSql('create index "goal_member_id_index" on "goal" ("member_id");');
    this.addSql('create index "goal_team_id_index" on "goal" ("team_id");');
    this.addSql('create index "goal_created_by_id_index" on "goal" ("created_by_id");');
    this.addSql('create index "goal_period_id_index" on "goal" ("period_id");');
    this.addSql(
      'alter table "quota" add constraint "quota_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "quota" add constraint "quota_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "quota" add constraint "quota_period_id_foreign" foreign key ("period_id") references "period" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "quota_change" add constraint "quota_change_quota_id_foreign" foreign key ("quota_id") references "quota" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "quota_change" add constraint "quota_change_changed_by_id_foreign" foreign key ("changed_by_id") references "member" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "goal" add constraint "goal_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "goal" add constraint "goal_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "goal" add constraint "goal_period_id_foreign" foreign key ("period_id") references "period" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "goal" add constraint "goal_created_by_id_foreign" foreign key ("created_by_id") references "member" ("id") on update cascade on delete set null;',
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table "quota" drop constraint "quota_period_id_foreign";');
    this.addSql('alter table "goal" drop constraint "goal_period_id_foreign";');
    this.addSql('alter table "quota_change" drop constraint "quota_change_quota_id_foreign";');
    this.addSql('drop table if exists "period" cascade;');
    this.addSql('drop table if exists "quota" cascade;');
    this.addSql('drop table if exists "quota_change" cascade;');
    this.addSql('drop table if exists "goal" cascade;');
  }
}
