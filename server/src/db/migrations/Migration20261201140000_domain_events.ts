import { Migration } from '@mikro-orm/migrations';

/**
 * The outbox of domain events. Each committed event is announced on the `domain_event` channel with its
 * id: PostgreSQL delivers a NOTIFY only when its transaction commits, so listeners never hear of an event
 * that was rolled back, and every server process connected to the database hears of every one.
 */
export class Migration20261201140000_domain_events extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "domain_event" ("id" serial primary key, "type" text check ("type" in ('DEAL_CREATED', 'DEAL_MOVED', 'DEAL_WON', 'DEAL_LOST', 'MILESTONE_REACHED', 'LEAD_QUALIFIED', 'LEAD_HANDED_OFF', 'FOLLOW_UP_DUE', 'FOLLOW_UP_OVERDUE', 'STRATEGY_REVIEW_DUE', 'QUOTA_CHANGED', 'ALLOCATION_APPLIED', 'FORECAST_SUBMITTED', 'RECOGNITION_GIVEN', 'IMPORT_FINISHED')) not null, "occurred_at" timestamptz not null default now(), "actor_member_id" int null, "subjects" jsonb not null, "payload" jsonb not null, "team_ids" int[] not null, "member_ids" int[] not null);`,
    );
    this.addSql('create index "domain_event_type_index" on "domain_event" ("type", "id");');
    this.addSql('create index "domain_event_team_ids_index" on "domain_event" using gin ("team_ids");');
    this.addSql('create index "domain_event_member_ids_index" on "domain_event" using gin ("member_ids");');
    this.addSql(`create function "domain_event_announce"() returns trigger language plpgsql as $$
begin
  perform pg_notify('domain_event', new.id::text);
  return null;
end $$;`);
    this.addSql(
      'create trigger "domain_event_announce" after insert on "domain_event" for each row execute function "domain_event_announce"();',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "domain_event" cascade;');
    this.addSql('drop function if exists "domain_event_announce"();');
  }
}
