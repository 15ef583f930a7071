import { Migration } from '@mikro-orm/migrations';

export class Migration20261201090810_funnel_stays extends Migration {
  override async up(): Promise<void> {
    this.addSql('drop index "deal_team_created_at_index";');
    this.addSql(
      'create index "deal_team_created_index" on "deal" ("team_id", "created_at") include ("owner_id", "status", "amount", "furthest_stage_id");',
    );
    this.addSql('create index "deal_expected_close_index" on "deal" ("expected_close_date", "id");');
    this.addSql('create index "deal_owner_expected_close_index" on "deal" ("owner_id", "expected_close_date", "id");');
    this.addSql('create index "deal_team_expected_close_index" on "deal" ("team_id", "expected_close_date", "id");');
    this.addSql('drop index "deal_stage_change_changed_at_index";');
    // Each stage change carries its deal's team and creation time and the length of the stay it ends, so
    // that a subtree's funnel reads its stays by team (pipeline/funnel.service.ts): filled from the deals.
    this.addSql(
      'alter table "deal_stage_change" add column "team_id" int, add column "deal_created_at" timestamptz, add column "stay_seconds" double precision generated always as (date_part(\'epoch\', changed_at - from_entered_at)) stored null;',
    );
    this.addSql(
      'update "deal_stage_change" c set "team_id" = d."team_id", "deal_created_at" = d."created_at" from "deal" d where d."id" = c."deal_id";',
    );
    this.addSql('alter table "deal_stage_change" alter column "team_id" set not null, alter column "deal_created_at" set not null;');
    this.addSql(
      'alter table "deal_stage_change" add constraint "deal_stage_change_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade;',
    );
    this.addSql(
      'create index "deal_stage_change_team_stay_index" on "deal_stage_change" ("team_id", "from_stage_id", "deal_created_at") include ("stay_seconds") where "from_stage_id" is not null;',
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table "deal_stage_change" drop constraint "deal_stage_change_team_id_foreign";');
    this.addSql('drop index "deal_team_created_index";');
    this.addSql('drop index "deal_expected_close_index";');
    this.addSql('drop index "deal_owner_expected_close_index";');
    this.addSql('drop index "deal_team_expected_close_index";');
    this.addSql('create index "deal_team_created_at_index" on "deal" ("team_id", "created_at");');
    this.addSql('drop index "deal_stage_change_team_stay_index";');
    this.addSql('alter table "deal_stage_change" drop column "team_id", drop column "deal_created_at", drop column "stay_seconds";');
    this.addSql(
      'create index "deal_stage_change_changed_at_index" on "deal_stage_change" ("changed_at") include ("deal_id", "from_stage_id", "from_entered_at");',
    );
  }
}
