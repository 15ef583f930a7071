import { Migration } from '@mikro-orm/migrations';

/**
 * Drops three indexes whose column leads another index of the same table (deal's owner and team, a stage
 * change's deal): lookups go through the wider ones, and every deal or stage change written no longer
 * updates them — a tenth of the index work of an import.
 */
export class Migration20261201130400_redundant_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql('drop index if exists "deal_owner_id_index";');
    this.addSql('drop index if exists "deal_team_id_index";');
    this.addSql('drop index if exists "deal_stage_change_deal_id_index";');
  }

  override async down(): Promise<void> {
    this.addSql('create index "deal_owner_id_index" on "deal" ("owner_id");');
    this.addSql('create index "deal_team_id_index" on "deal" ("team_id");');
    this.addSql('create index "deal_stage_change_deal_id_index" on "deal_stage_change" ("deal_id");');
  }
}
