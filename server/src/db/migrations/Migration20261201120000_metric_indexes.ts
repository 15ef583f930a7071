import { Migration } from '@mikro-orm/migrations';

/** A member's interactions in a period read as one index range (ACTIVITIES); the member-only index it replaces is redundant. */
export class Migration20261201120000_metric_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index "interaction_member_occurred_index" on "interaction" ("member_id", "occurred_at");');
    this.addSql('drop index "interaction_member_id_index";');
  }

  override async down(): Promise<void> {
    this.addSql('create index "interaction_member_id_index" on "interaction" ("member_id");');
    this.addSql('drop index "interaction_member_occurred_index";');
  }
}
