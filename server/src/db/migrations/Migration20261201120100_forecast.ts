import { Migration } from '@mikro-orm/migrations';

export class Migration20261201120100_forecast extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "forecast_snapshot" ("id" serial primary key, "week" date not null, "taken_at" timestamptz not null, "deals" int not null);',
    );
    this.addSql('alter table "forecast_snapshot" add constraint "forecast_snapshot_week_unique" unique ("week");');
    this.addSql(
      'create table "forecast_snapshot_line" ("snapshot_id" int not null, "deal_id" int not null, "team_id" int not null, "owner_id" int not null, "stage_id" int not null, "category" text check ("category" in (\'COMMIT\', \'BEST_CASE\', \'PIPELINE\', \'OMITTED\')) not null, "amount" numeric(18,2) not null, "expected_close_date" date not null, constraint "forecast_snapshot_line_pkey" primary key ("snapshot_id", "deal_id"));',
    );
    this.addSql('create index "forecast_snapshot_line_team_index" on "forecast_snapshot_line" ("snapshot_id", "team_id");');
    this.addSql(
      'create table "forecast_submission" ("id" serial primary key, "member_id" int null, "team_id" int null, "period_id" int not null, "commit" numeric(18,2) not null, "best_case" numeric(18,2) not null, "rolled_up_commit" numeric(18,2) null, "rolled_up_best_case" numeric(18,2) null, "adjustment" numeric(18,2) null, "note" varchar(2000) null, "submitted_by_id" int null, "submitted_at" timestamptz not null default now(), constraint forecast_submission_amounts_check check ("commit" >= 0 and "best_case" >= "commit"), constraint forecast_submission_one_owner_check check (num_nonnulls("member_id", "team_id") = 1));',
    );
    this.addSql('create index "forecast_submission_period_index" on "forecast_submission" ("period_id", "submitted_at");');
    this.addSql('create index "forecast_submission_team_latest_index" on "forecast_submission" ("team_id", "period_id", "submitted_at");');
    this.addSql(
      'create index "forecast_submission_member_latest_index" on "forecast_submission" ("member_id", "period_id", "submitted_at");',
    );
    this.addSql(
      'alter table "forecast_snapshot_line" add constraint "forecast_snapshot_line_snapshot_id_foreign" foreign key ("snapshot_id") references "forecast_snapshot" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "forecast_submission" add constraint "forecast_submission_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "forecast_submission" add constraint "forecast_submission_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "forecast_submission" add constraint "forecast_submission_period_id_foreign" foreign key ("period_id") references "period" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "forecast_submission" add constraint "forecast_submission_submitted_by_id_foreign" foreign key ("submitted_by_id") references "member" ("id") on update cascade on delete set null;',
    );
    // A deal's forecast category override (forecast/category.service.ts): null on every existing deal.
    this.addSql(
      'alter table "deal" add column "forecast_category_override" text check ("forecast_category_override" in (\'COMMIT\', \'BEST_CASE\', \'PIPELINE\', \'OMITTED\')) null, add column "forecast_override_reason" varchar(500) null, add column "forecast_override_set_by_id" int null, add column "forecast_override_set_at" timestamptz null;',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "forecast_snapshot_line" cascade;');
    this.addSql('drop table if exists "forecast_snapshot" cascade;');
    this.addSql('drop table if exists "forecast_submission" cascade;');
    this.addSql(
      'alter table "deal" drop column "forecast_category_override", drop column "forecast_override_reason", drop column "forecast_override_set_by_id", drop column "forecast_override_set_at";',
    );
  }
}
