import { Migration } from '@mikro-orm/migrations';

export class Migration20261130113143_covering_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql('drop index "deal_created_at_index";');
    this.addSql(
      'create index "deal_created_at_index" on "deal" ("created_at") include ("id", "team_id", "owner_id", "status", "amount", "furthest_stage_id");',
    );
    this.addSql(
      'create index "deal_owner_open_expected_index" on "deal" ("owner_id", "expected_close_date") include ("amount", "stage_id") where "status" = \'OPEN\';',
    );
    this.addSql(
      'create index "deal_team_open_expected_index" on "deal" ("team_id", "expected_close_date") include ("amount", "stage_id") where "status" = \'OPEN\';',
    );
    this.addSql('create index "deal_owner_close_index" on "deal" ("owner_id", "close_date") include ("status", "amount");');
    this.addSql('create index "deal_team_close_index" on "deal" ("team_id", "close_date") include ("status", "amount");');
    this.addSql(
      'create index "deal_stage_change_stay_index" on "deal_stage_change" ("deal_id") include ("from_stage_id", "changed_at", "from_entered_at");',
    );
    this.addSql(
      'create index "deal_stage_change_changed_at_index" on "deal_stage_change" ("changed_at") include ("deal_id", "from_stage_id", "from_entered_at");',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index "deal_owner_open_expected_index";');
    this.addSql('drop index "deal_team_open_expected_index";');
    this.addSql('drop index "deal_owner_close_index";');
    this.addSql('drop index "deal_team_close_index";');
    this.addSql('drop index "deal_stage_change_stay_index";');
    this.addSql('drop index "deal_stage_change_changed_at_index";');
    this.addSql('drop index "deal_created_at_index";');
    this.addSql('create index "deal_created_at_index" on "deal" ("created_at");');
  }
}
