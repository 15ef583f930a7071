import { Migration } from '@mikro-orm/migrations';

/** Quota changes made by an import (QuotaChangeSource.IMPORT) are kept in the quota's history like the others. */
export class Migration20261201130300_quota_change_import extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "quota_change" drop constraint if exists "quota_change_source_check";');
    this.addSql(
      `alter table "quota_change" add constraint "quota_change_source_check" check ("source" in ('SET', 'ALLOCATION', 'IMPORT'));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table "quota_change" drop constraint if exists "quota_change_source_check";');
    this.addSql(`alter table "quota_change" add constraint "quota_change_source_check" check ("source" in ('SET', 'ALLOCATION'));`);
  }
}
