import { Migration } from '@mikro-orm/migrations';

/**
 * The open-pipeline covering indexes carry the deal's forecast category override, so that the
 * attainment forecast and the forecast roll-up classify open deals without reading the table.
 */
export class Migration20261201120500_forecast_category_indexes extends Migration {
  override async up(): Promise<void> {
    for (const owner of ['team', 'owner']) {
      this.addSql(`drop index if exists "deal_${owner}_open_expected_index";`);
      this.addSql(
        `create index "deal_${owner}_open_expected_index" on "deal" ("${owner}_id", "expected_close_date") include ("amount", "stage_id", "forecast_category_override") where "status" = 'OPEN';`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const owner of ['team', 'owner']) {
      this.addSql(`drop index if exists "deal_${owner}_open_expected_index";`);
      this.addSql(
        `create index "deal_${owner}_open_expected_index" on "deal" ("${owner}_id", "expected_close_date") include ("amount", "stage_id") where "status" = 'OPEN';`,
      );
    }
  }
}
