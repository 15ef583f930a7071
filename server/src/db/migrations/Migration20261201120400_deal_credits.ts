import { Migration } from '@mikro-orm/migrations';

/** Credit splits of deals (pipeline/deal-credit.entity.ts): a deal without lines credits its owner with 100 %. */
export class Migration20261201120400_deal_credits extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "deal_credit" ("id" serial primary key, "deal_id" int not null, "member_id" int not null, "team_id" int not null, "percent" numeric(5,2) not null, "overlay" boolean not null default false, "set_at" timestamptz not null default now(), "deal_close_date" date null, "set_by_id" int null, constraint deal_credit_percent_check check ("percent" > 0 and "percent" <= 100));',
    );
    this.addSql('create index "deal_credit_member_close_index" on "deal_credit" ("member_id", "deal_close_date");');
    this.addSql('create index "deal_credit_team_close_index" on "deal_credit" ("team_id", "deal_close_date");');
    this.addSql('alter table "deal_credit" add constraint "deal_credit_deal_member_unique" unique ("deal_id", "member_id");');
    this.addSql(
      'alter table "deal_credit" add constraint "deal_credit_deal_id_foreign" foreign key ("deal_id") references "deal" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "deal_credit" add constraint "deal_credit_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade;',
    );
    this.addSql(
      'alter table "deal_credit" add constraint "deal_credit_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade;',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "deal_credit" cascade;');
  }
}
