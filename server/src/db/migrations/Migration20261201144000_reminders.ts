import { Migration } from '@mikro-orm/migrations';

/**
 * The reminders that were sent (events/reminders): the key is what makes a reminder go out once, so a
 * reminder is claimed by inserting its row in the transaction of its event.
 */
export class Migration20261201144000_reminders extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "reminder_sent" ("kind" text check ("kind" in ('FOLLOW_UP_DUE', 'FOLLOW_UP_OVERDUE', 'STRATEGY_REVIEW_DUE')) not null, "record_id" int not null, "due_on" date not null, "sent_at" timestamptz not null default now(), constraint "reminder_sent_pkey" primary key ("kind", "record_id", "due_on"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "reminder_sent" cascade;');
  }
}
