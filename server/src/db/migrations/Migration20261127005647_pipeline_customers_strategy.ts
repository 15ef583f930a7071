import { Migration } from '@mikro-orm/migrations';

export class Migration20261127005647_pipeline_customers_strategy extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "channel" ("id" serial primary key, "code" varchar(60) not null, "name_en" varchar(120) not null, "name_ru" varchar(120) not null, "description" text null, "created_at" timestamptz not null default now(), "archived_at" timestamptz null);',
    );
    this.addSql('alter table "channel" add constraint "channel_code_unique" unique ("code");');
    this.addSql(
      'create table "product_line" ("id" serial primary key, "code" varchar(60) not null, "name" varchar(200) not null, "description" text null, "created_at" timestamptz not null default now(), "archived_at" timestamptz null);',
    );
    this.addSql('alter table "product_line" add constraint "product_line_code_unique" unique ("code");');
    this.addSql(
      'create table "product" ("id" serial primary key, "code" varchar(60) not null, "name" varchar(200) not null, "line_id" int not null, "list_price" numeric(18,2) null, "description" text null, "created_at" timestamptz not null default now(), "archived_at" timestamptz null);',
    );
    this.addSql('alter table "product" add constraint "product_code_unique" unique ("code");');
    this.addSql('create index "product_line_id_index" on "product" ("line_id");');
    this.addSql(
      'create table "strategy" ("id" serial primary key, "name" varchar(200) not null, "description" text null, "team_id" int null, "owner_id" int not null, "status" text check ("status" in (\'DRAFT\', \'ACTIVE\', \'ARCHIVED\')) not null default \'DRAFT\', "start_date" date not null, "end_date" date null, "target_audience" text null, "trends" jsonb not null, "usp" text not null, "sales_process_notes" text null, "review_every_months" smallint not null default 3, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());',
    );
    this.addSql('create index "strategy_team_id_index" on "strategy" ("team_id");');
    this.addSql(
      'create table "strategy_review" ("id" serial primary key, "strategy_id" int not null, "reviewed_on" date not null, "reviewed_by_id" int null, "summary" text not null, "changes" jsonb not null, "created_at" timestamptz not null default now());',
    );
    this.addSql('create index "strategy_review_strategy_date_index" on "strategy_review" ("strategy_id", "reviewed_on");');
    this.addSql(
      'create table "strategy_kpi" ("id" serial primary key, "strategy_id" int not null, "name" varchar(200) not null, "unit" varchar(40) not null, "target" numeric(18,4) not null, "direction" text check ("direction" in (\'HIGHER_IS_BETTER\', \'LOWER_IS_BETTER\')) not null default \'HIGHER_IS_BETTER\', "archived_at" timestamptz null);',
    );
    this.addSql('create index "strategy_kpi_strategy_id_index" on "strategy_kpi" ("strategy_id");');
    this.addSql(
      'create table "strategy_kpi_value" ("id" serial primary key, "review_id" int not null, "kpi_id" int not null, "value" numeric(18,4) not null, "target" numeric(18,4) not null, "met" boolean not null);',
    );
    this.addSql('create index "strategy_kpi_value_kpi_id_index" on "strategy_kpi_value" ("kpi_id");');
    this.addSql('alter table "strategy_kpi_value" add constraint "strategy_kpi_value_unique" unique ("review_id", "kpi_id");');
    this.addSql(
      'create table "strategy_channel" ("id" serial primary key, "strategy_id" int not null, "channel_id" int not null, "priority" smallint not null, "role" text null);',
    );
    this.addSql('alter table "strategy_channel" add constraint "strategy_channel_unique" unique ("strategy_id", "channel_id");');
    this.addSql(
      'create table "market_segment" ("id" serial primary key, "strategy_id" int not null, "name" varchar(200) not null, "description" text null, "market_size" numeric(18,2) null, "growth_percent" numeric(6,2) null);',
    );
    this.addSql('create index "market_segment_strategy_id_index" on "market_segment" ("strategy_id");');
    this.addSql(
      'create table "selling_proposition" ("id" serial primary key, "strategy_id" int not null, "segment_id" int null, "product_id" int null, "statement" text not null);',
    );
    this.addSql('create index "selling_proposition_strategy_id_index" on "selling_proposition" ("strategy_id");');
    this.addSql(
      'create table "competitor" ("id" serial primary key, "strategy_id" int not null, "name" varchar(200) not null, "strengths" jsonb not null, "weaknesses" jsonb not null, "market_share_percent" numeric(5,2) null, "notes" text null);',
    );
    this.addSql('create index "competitor_strategy_id_index" on "competitor" ("strategy_id");');
    this.addSql(
      'create table "customer" ("id" serial primary key, "name" varchar(300) not null, "tax_id" varchar(12) null, "industry" varchar(120) not null, "region" varchar(200) not null, "size" text check ("size" in (\'SMALL\', \'MEDIUM\', \'LARGE\', \'ENTERPRISE\')) not null, "needs" text null, "pain_points" text null, "service_preferences" text null, "owner_id" int not null, "key_account" boolean not null default false, "lifecycle_stage" text check ("lifecycle_stage" in (\'PROSPECT\', \'LEAD\', \'QUALIFIED\', \'CUSTOMER\', \'RETAINED\', \'CHURNED\', \'DISQUALIFIED\')) not null default \'PROSPECT\', "lifecycle_changed_at" timestamptz not null default now(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());',
    );
    this.addSql('create index "customer_name_index" on "customer" ("name");');
    this.addSql('alter table "customer" add constraint "customer_tax_id_unique" unique ("tax_id");');
    this.addSql('create index "customer_owner_id_index" on "customer" ("owner_id");');
    this.addSql('create index "customer_lifecycle_stage_index" on "customer" ("lifecycle_stage");');
    this.addSql(
      "create table \"customer_lifecycle_change\" (\"id\" serial primary key, \"customer_id\" int not null, \"from_stage\" text check (\"from_stage\" in ('PROSPECT', 'LEAD', 'QUALIFIED', 'CUSTOMER', 'RETAINED', 'CHURNED', 'DISQUALIFIED')) null, \"to_stage\" text check (\"to_stage\" in ('PROSPECT', 'LEAD', 'QUALIFIED', 'CUSTOMER', 'RETAINED', 'CHURNED', 'DISQUALIFIED')) not null, \"changed_at\" timestamptz not null default now(), \"changed_by_id\" int null, \"reason\" text null);",
    );
    this.addSql('create index "customer_lifecycle_change_customer_id_index" on "customer_lifecycle_change" ("customer_id");');
    this.addSql(
      'create table "contact" ("id" serial primary key, "customer_id" int not null, "full_name" varchar(200) not null, "job_title" varchar(200) null, "email" varchar(320) null, "phone" varchar(40) null, "primary" boolean not null default false, "notes" text null, "created_at" timestamptz not null default now(), "archived_at" timestamptz null);',
    );
    this.addSql('create index "contact_customer_id_index" on "contact" ("customer_id");');
    this.addSql(
      'create table "lead" ("id" serial primary key, "title" varchar(300) not null, "description" text null, "customer_id" int not null, "contact_id" int null, "channel_id" int not null, "owner_id" int not null, "team_id" int not null, "generated_by_id" int not null, "source_team_id" int not null, "status" text check ("status" in (\'OPEN\', \'QUALIFIED\', \'DISQUALIFIED\', \'CONVERTED\')) not null default \'OPEN\', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "qualified_at" timestamptz null, "handed_off_at" timestamptz null, "converted_at" timestamptz null);',
    );
    this.addSql('create index "lead_customer_id_index" on "lead" ("customer_id");');
    this.addSql('create index "lead_owner_id_index" on "lead" ("owner_id");');
    this.addSql('create index "lead_team_id_index" on "lead" ("team_id");');
    this.addSql('create index "lead_generated_by_id_index" on "lead" ("generated_by_id");');
    this.addSql('create index "lead_channel_created_index" on "lead" ("channel_id", "created_at");');
    this.addSql(
      'create table "lead_qualification" ("id" serial primary key, "lead_id" int not null, "budget" smallint not null, "authority" smallint not null, "need" smallint not null, "timeline" smallint not null, "score" smallint not null, "threshold" smallint not null, "outcome" text check ("outcome" in (\'QUALIFIED\', \'DISQUALIFIED\')) not null, "reasons" jsonb not null, "notes" text null, "qualified_by_id" int null, "qualified_at" timestamptz not null default now());',
    );
    this.addSql('alter table "lead_qualification" add constraint "lead_qualification_lead_id_unique" unique ("lead_id");');
    this.addSql(
      'create table "lead_handoff" ("id" serial primary key, "lead_id" int not null, "from_member_id" int not null, "from_team_id" int not null, "to_team_id" int not null, "to_member_id" int not null, "note" text null, "handed_off_at" timestamptz not null default now(), "recorded_by_id" int null);',
    );
    this.addSql('alter table "lead_handoff" add constraint "lead_handoff_lead_id_unique" unique ("lead_id");');
    this.addSql('create index "lead_handoff_to_team_id_index" on "lead_handoff" ("to_team_id");');
    this.addSql('create index "lead_handoff_from_member_index" on "lead_handoff" ("from_member_id", "handed_off_at");');
    this.addSql(
      'create table "interaction" ("id" serial primary key, "kind" text check ("kind" in (\'CALL\', \'EMAIL\', \'MEETING\', \'NOTE\')) not null, "customer_id" int not null, "deal_id" int null, "contact_id" int null, "member_id" int not null, "occurred_at" timestamptz not null, "subject" varchar(300) not null, "notes" text null, "created_at" timestamptz not null default now());',
    );
    this.addSql('create index "interaction_deal_id_index" on "interaction" ("deal_id");');
    this.addSql('create index "interaction_member_id_index" on "interaction" ("member_id");');
    this.addSql('create index "interaction_customer_occurred_index" on "interaction" ("customer_id", "occurred_at");');
    this.addSql(
      'create table "follow_up" ("id" serial primary key, "customer_id" int not null, "deal_id" int null, "interaction_id" int null, "assignee_id" int not null, "title" varchar(300) not null, "notes" text null, "due_date" date not null, "done" boolean not null default false, "done_at" timestamptz null, "created_by_id" int null, "created_at" timestamptz not null default now());',
    );
    this.addSql('create index "follow_up_customer_id_index" on "follow_up" ("customer_id");');
    this.addSql('create index "follow_up_deal_id_index" on "follow_up" ("deal_id");');
    this.addSql('create index "follow_up_open_due_index" on "follow_up" ("done", "due_date");');
    this.addSql('create index "follow_up_assignee_open_due_index" on "follow_up" ("assignee_id", "done", "due_date");');
    this.addSql(
      'alter table "product" add constraint "product_line_id_foreign" foreign key ("line_id") references "product_line" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "strategy" add constraint "strategy_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "strategy" add constraint "strategy_owner_id_foreign" foreign key ("owner_id") references "member" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "strategy_review" add constraint "strategy_review_strategy_id_foreign" foreign key ("strategy_id") references "strategy" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "strategy_kpi" add constraint "strategy_kpi_strategy_id_foreign" foreign key ("strategy_id") references "strategy" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "strategy_kpi_value" add constraint "strategy_kpi_value_review_id_foreign" foreign key ("review_id") references "strategy_review" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "strategy_kpi_value" add constraint "strategy_kpi_value_kpi_id_foreign" foreign key ("kpi_id") references "strategy_kpi" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "strategy_channel" add constraint "strategy_channel_strategy_id_foreign" foreign key ("strategy_id") references "strategy" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "strategy_channel" add constraint "strategy_channel_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "market_segment" add constraint "market_segment_strategy_id_foreign" foreign key ("strategy_id") references "strategy" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "selling_proposition" add constraint "selling_proposition_strategy_id_foreign" foreign key ("strategy_id") references "strategy" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "selling_proposition" add constraint "selling_proposition_segment_id_foreign" foreign key ("segment_id") references "market_segment" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "selling_proposition" add constraint "selling_proposition_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "competitor" add constraint "competitor_strategy_id_foreign" foreign key ("strategy_id") references "strategy" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "customer" add constraint "customer_owner_id_foreign" foreign key ("owner_id") references "member" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "customer_lifecycle_change" add constraint "customer_lifecycle_change_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "contact" add constraint "contact_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "lead" add constraint "lead_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "lead" add constraint "lead_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "lead" add constraint "lead_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "lead" add constraint "lead_owner_id_foreign" foreign key ("owner_id") references "member" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "lead" add constraint "lead_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "lead" add constraint "lead_generated_by_id_foreign" foreign key ("generated_by_id") references "member" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "lead" add constraint "lead_source_team_id_foreign" foreign key ("source_team_id") references "team" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "lead_qualification" add constraint "lead_qualification_lead_id_foreign" foreign key ("lead_id") references "lead" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "lead_handoff" add constraint "lead_handoff_lead_id_foreign" foreign key ("lead_id") references "lead" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "lead_handoff" add constraint "lead_handoff_from_member_id_foreign" foreign key ("from_member_id") references "member" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "lead_handoff" add constraint "lead_handoff_from_team_id_foreign" foreign key ("from_team_id") references "team" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "lead_handoff" add constraint "lead_handoff_to_team_id_foreign" foreign key ("to_team_id") references "team" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "lead_handoff" add constraint "lead_handoff_to_member_id_foreign" foreign key ("to_member_id") references "member" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "interaction" add constraint "interaction_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "interaction" add constraint "interaction_deal_id_foreign" foreign key ("deal_id") references "deal" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "interaction" add constraint "interaction_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "interaction" add constraint "interaction_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "follow_up" add constraint "follow_up_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "follow_up" add constraint "follow_up_deal_id_foreign" foreign key ("deal_id") references "deal" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "follow_up" add constraint "follow_up_interaction_id_foreign" foreign key ("interaction_id") references "interaction" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "follow_up" add constraint "follow_up_assignee_id_foreign" foreign key ("assignee_id") references "member" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "deal" add column "account_id" int not null, add column "channel_id" int not null, add column "product_id" int null, add column "lead_id" int null, add column "furthest_stage_id" int not null, add column "stage_entered_at" timestamptz not null default now();',
    );
    this.addSql(
      'alter table "deal" add constraint "deal_account_id_foreign" foreign key ("account_id") references "customer" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "deal" add constraint "deal_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "deal" add constraint "deal_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "deal" add constraint "deal_lead_id_foreign" foreign key ("lead_id") references "lead" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "deal" add constraint "deal_furthest_stage_id_foreign" foreign key ("furthest_stage_id") references "sales_stage" ("id") on update cascade;',
    );
    this.addSql('create index "deal_account_id_index" on "deal" ("account_id");');
    this.addSql('create index "deal_channel_id_index" on "deal" ("channel_id");');
    this.addSql('create index "deal_product_id_index" on "deal" ("product_id");');
    this.addSql('create index "deal_lead_id_index" on "deal" ("lead_id");');
    this.addSql('create index "deal_team_created_at_index" on "deal" ("team_id", "created_at");');
    this.addSql('create index "deal_created_at_index" on "deal" ("created_at");');
    this.addSql('alter table "deal_stage_change" add column "from_entered_at" timestamptz null, add column "note" text null;');
    this.addSql('create index "deal_stage_change_from_stage_index" on "deal_stage_change" ("from_stage_id");');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "strategy_channel" drop constraint "strategy_channel_channel_id_foreign";');
    this.addSql('alter table "lead" drop constraint "lead_channel_id_foreign";');
    this.addSql('alter table "deal" drop constraint "deal_channel_id_foreign";');
    this.addSql('alter table "product" drop constraint "product_line_id_foreign";');
    this.addSql('alter table "selling_proposition" drop constraint "selling_proposition_product_id_foreign";');
    this.addSql('alter table "deal" drop constraint "deal_product_id_foreign";');
    this.addSql('alter table "strategy_review" drop constraint "strategy_review_strategy_id_foreign";');
    this.addSql('alter table "strategy_kpi" drop constraint "strategy_kpi_strategy_id_foreign";');
    this.addSql('alter table "strategy_channel" drop constraint "strategy_channel_strategy_id_foreign";');
    this.addSql('alter table "market_segment" drop constraint "market_segment_strategy_id_foreign";');
    this.addSql('alter table "selling_proposition" drop constraint "selling_proposition_strategy_id_foreign";');
    this.addSql('alter table "competitor" drop constraint "competitor_strategy_id_foreign";');
    this.addSql('alter table "strategy_kpi_value" drop constraint "strategy_kpi_value_review_id_foreign";');
    this.addSql('alter table "strategy_kpi_value" drop constraint "strategy_kpi_value_kpi_id_foreign";');
    this.addSql('alter table "selling_proposition" drop constraint "selling_proposition_segment_id_foreign";');
    this.addSql('alter table "customer_lifecycle_change" drop constraint "customer_lifecycle_change_customer_id_foreign";');
    this.addSql('alter table "contact" drop constraint "contact_customer_id_foreign";');
    this.addSql('alter table "lead" drop constraint "lead_customer_id_foreign";');
    this.addSql('alter table "deal" drop constraint "deal_account_id_foreign";');
    this.addSql('alter table "interaction" drop constraint "interaction_customer_id_foreign";');
    this.addSql('alter table "follow_up" drop constraint "follow_up_customer_id_foreign";');
    this.addSql('alter table "lead" drop constraint "lead_contact_id_foreign";');
    this.addSql('alter table "interaction" drop constraint "interaction_contact_id_foreign";');
    this.addSql('alter table "lead_qualification" drop constraint "lead_qualification_lead_id_foreign";');
    this.addSql('alter table "lead_handoff" drop constraint "lead_handoff_lead_id_foreign";');
    this.addSql('alter table "deal" drop constraint "deal_lead_id_foreign";');
    this.addSql('alter table "follow_up" drop constraint "follow_up_interaction_id_foreign";');
    this.addSql('drop table if exists "channel" cascade;');
    this.addSql('drop table if exists "product_line" cascade;');
    this.addSql('drop table if exists "product" cascade;');
    this.addSql('drop table if exists "strategy" cascade;');
    this.addSql('drop table if exists "strategy_review" cascade;');
    this.addSql('drop table if exists "strategy_kpi" cascade;');
    this.addSql('drop table if exists "strategy_kpi_value" cascade;');
    this.addSql('drop table if exists "strategy_channel" cascade;');
    this.addSql('drop table if exists "market_segment" cascade;');
    this.addSql('drop table if exists "selling_proposition" cascade;');
    this.addSql('drop table if exists "competitor" cascade;');
    this.addSql('drop table if exists "customer" cascade;');
    this.addSql('drop table if exists "customer_lifecycle_change" cascade;');
    this.addSql('drop table if exists "contact" cascade;');
    this.addSql('drop table if exists "lead" cascade;');
    this.addSql('drop table if exists "lead_qualification" cascade;');
    this.addSql('drop table if exists "lead_handoff" cascade;');
    this.addSql('drop table if exists "interaction" cascade;');
    this.addSql('drop table if exists "follow_up" cascade;');
    this.addSql('alter table "deal" drop constraint "deal_furthest_stage_id_foreign";');
    this.addSql('drop index "deal_account_id_index";');
    this.addSql('drop index "deal_channel_id_index";');
    this.addSql('drop index "deal_product_id_index";');
    this.addSql('drop index "deal_lead_id_index";');
    this.addSql('drop index "deal_team_created_at_index";');
    this.addSql('drop index "deal_created_at_index";');
    this.addSql(
      'alter table "deal" drop column "account_id", drop column "channel_id", drop column "product_id", drop column "lead_id", drop column "furthest_stage_id", drop column "stage_entered_at";',
    );
    this.addSql('drop index "deal_stage_change_from_stage_index";');
    this.addSql('alter table "deal_stage_change" drop column "from_entered_at", drop column "note";');
  }
}
