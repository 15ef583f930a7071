import { Migration } from '@mikro-orm/migrations';

export class Migration20261130112642_motivation extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "skill_assessment" ("id" serial primary key, "member_id" int not null, "skill" varchar(200) not null, "level" smallint not null, "assessed_on" date not null, "assessed_by_id" int null, "created_at" timestamptz not null default now(), constraint skill_assessment_level_range check ("level" >= 1 and "level" <= 5));',
    );
    this.addSql('create index "skill_assessment_member_skill_index" on "skill_assessment" ("member_id", "skill", "assessed_on");');
    this.addSql(
      'create table "expectation" ("id" serial primary key, "role" text check ("role" in (\'MANAGER\', \'REP\', \'SUPPORT\')) not null, "kpi" text check ("kpi" in (\'ATTAINMENT\', \'DEALS_WON\', \'WIN_RATE\', \'ACTIVITIES_PER_WEEK\')) not null, "target" numeric(12,2) not null, "team_id" int null, "set_by_id" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());',
    );
    this.addSql('create index "expectation_team_id_index" on "expectation" ("team_id");');
    this.addSql('create unique index "expectation_role_kpi_team_unique" on "expectation" ("role", "kpi", coalesce("team_id", 0));');
    this.addSql(
      'create table "recognition" ("id" serial primary key, "member_id" int not null, "given_by_id" int null, "reason" varchar(500) not null, "reward" varchar(300) null, "deal_id" int null, "given_at" timestamptz not null default now());',
    );
    this.addSql('create index "recognition_member_given_index" on "recognition" ("member_id", "given_at");');
    this.addSql(
      'create table "milestone" ("id" serial primary key, "member_id" int null, "team_id" int null, "period_id" int not null, "threshold" smallint not null, "deal_id" int null, "reached_on" date not null, "quota" numeric(18,2) not null, "achieved" numeric(18,2) not null, "recorded_at" timestamptz not null default now(), constraint milestone_one_owner_check check (num_nonnulls("member_id", "team_id") = 1));',
    );
    this.addSql('create index "milestone_deal_id_index" on "milestone" ("deal_id");');
    this.addSql('create index "milestone_period_id_index" on "milestone" ("period_id");');
    this.addSql(
      'alter table "milestone" add constraint "milestone_team_period_threshold_unique" unique ("team_id", "period_id", "threshold");',
    );
    this.addSql(
      'alter table "milestone" add constraint "milestone_member_period_threshold_unique" unique ("member_id", "period_id", "threshold");',
    );
    this.addSql(
      'create table "feedback" ("id" serial primary key, "member_id" int not null, "author_id" int null, "kind" text check ("kind" in (\'PRAISE\', \'IMPROVEMENT\', \'NOTE\')) not null, "text" text not null, "goal_id" int null, "deal_id" int null, "kpi" text check ("kpi" in (\'ATTAINMENT\', \'DEALS_WON\', \'WIN_RATE\', \'ACTIVITIES_PER_WEEK\')) null, "given_at" timestamptz not null default now(), "acknowledged_at" timestamptz null);',
    );
    this.addSql('create index "feedback_member_given_index" on "feedback" ("member_id", "given_at");');
    this.addSql(
      'create table "development_plan" ("id" serial primary key, "member_id" int not null, "area" varchar(300) not null, "actions" text not null, "feedback_id" int null, "due_date" date not null, "status" text check ("status" in (\'ACTIVE\', \'COMPLETED\')) not null default \'ACTIVE\', "completed_at" timestamptz null, "created_at" timestamptz not null default now());',
    );
    this.addSql('create index "development_plan_member_id_index" on "development_plan" ("member_id");');
    this.addSql(
      'create table "training" ("id" serial primary key, "member_id" int not null, "title" varchar(300) not null, "skill" varchar(200) null, "planned_on" date not null, "completed_on" date null, "created_at" timestamptz not null default now());',
    );
    this.addSql('create index "training_member_planned_index" on "training" ("member_id", "planned_on");');
    this.addSql(
      'alter table "skill_assessment" add constraint "skill_assessment_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "skill_assessment" add constraint "skill_assessment_assessed_by_id_foreign" foreign key ("assessed_by_id") references "member" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "expectation" add constraint "expectation_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "expectation" add constraint "expectation_set_by_id_foreign" foreign key ("set_by_id") references "member" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "recognition" add constraint "recognition_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "recognition" add constraint "recognition_given_by_id_foreign" foreign key ("given_by_id") references "member" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "recognition" add constraint "recognition_deal_id_foreign" foreign key ("deal_id") references "deal" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "milestone" add constraint "milestone_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "milestone" add constraint "milestone_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "milestone" add constraint "milestone_period_id_foreign" foreign key ("period_id") references "period" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "milestone" add constraint "milestone_deal_id_foreign" foreign key ("deal_id") references "deal" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "feedback" add constraint "feedback_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "feedback" add constraint "feedback_author_id_foreign" foreign key ("author_id") references "member" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "feedback" add constraint "feedback_goal_id_foreign" foreign key ("goal_id") references "goal" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "feedback" add constraint "feedback_deal_id_foreign" foreign key ("deal_id") references "deal" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "development_plan" add constraint "development_plan_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "development_plan" add constraint "development_plan_feedback_id_foreign" foreign key ("feedback_id") references "feedback" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "training" add constraint "training_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;',
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table "development_plan" drop constraint "development_plan_feedback_id_foreign";');
    this.addSql('drop table if exists "skill_assessment" cascade;');
    this.addSql('drop table if exists "expectation" cascade;');
    this.addSql('drop table if exists "recognition" cascade;');
    this.addSql('drop table if exists "milestone" cascade;');
    this.addSql('drop table if exists "feedback" cascade;');
    this.addSql('drop table if exists "development_plan" cascade;');
    this.addSql('drop table if exists "training" cascade;');
  }
}
