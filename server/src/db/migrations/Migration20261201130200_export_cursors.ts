import { Migration } from '@mikro-orm/migrations';

/** Indexes the record export pages through (exchange/export): each page starts where the last ended, by change time and id. */
export class Migration20261201130200_export_cursors extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index "deal_updated_at_id_index" on "deal" ("updated_at", "id");');
    this.addSql('create index "customer_updated_at_id_index" on "customer" ("updated_at", "id");');
    this.addSql('create index "lead_updated_at_id_index" on "lead" ("updated_at", "id");');
    this.addSql('create index "quota_updated_at_id_index" on "quota" ("updated_at", "id");');
    this.addSql('create index "goal_updated_at_id_index" on "goal" ("updated_at", "id");');
    this.addSql('create index "interaction_created_at_id_index" on "interaction" ("created_at", "id");');
    this.addSql('create index "follow_up_created_at_id_index" on "follow_up" ("created_at", "id");');
    this.addSql('create index "contact_created_at_id_index" on "contact" ("created_at", "id");');
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists "deal_updated_at_id_index";');
    this.addSql('drop index if exists "customer_updated_at_id_index";');
    this.addSql('drop index if exists "lead_updated_at_id_index";');
    this.addSql('drop index if exists "quota_updated_at_id_index";');
    this.addSql('drop index if exists "goal_updated_at_id_index";');
    this.addSql('drop index if exists "interaction_created_at_id_index";');
    this.addSql('drop index if exists "follow_up_created_at_id_index";');
    this.addSql('drop index if exists "contact_created_at_id_index";');
  }
}
