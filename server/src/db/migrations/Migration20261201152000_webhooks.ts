import { Migration } from '@mikro-orm/migrations';

/**
 * Webhook endpoints and their delivery queue. A row trigger on `domain_event` queues one delivery per
 * active endpoint whose event types include the event's and whose scope team (if any) the event is
 * credited to (`team_ids` holds the credited teams and every team above them): the delivery is written
 * in the event's transaction, so it exists exactly when the event does.
 */
export class Migration20261201152000_webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "webhook" ("id" serial primary key, "url" varchar(2000) not null, "event_types" text[] not null, "team_id" int null, "description" text null, "active" boolean not null default true, "secret" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql('create index "webhook_team_id_index" on "webhook" ("team_id");');
    this.addSql(
      'alter table "webhook" add constraint "webhook_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade on delete restrict;',
    );
    this.addSql(
      `create table "webhook_delivery" ("id" serial primary key, "webhook_id" int not null, "event_id" int not null, "status" text check ("status" in ('PENDING', 'IN_FLIGHT', 'DELIVERED', 'DEAD')) not null default 'PENDING', "attempts" int not null default 0, "due_at" timestamptz null default now(), "last_attempt_at" timestamptz null, "last_status" smallint null, "last_error" text null, "delivered_at" timestamptz null, "created_at" timestamptz not null default now());`,
    );
    this.addSql('create index "webhook_delivery_event_id_index" on "webhook_delivery" ("event_id");');
    this.addSql('create index "webhook_delivery_webhook_index" on "webhook_delivery" ("webhook_id", "id");');
    this.addSql(`create index "webhook_delivery_due_index" on "webhook_delivery" ("due_at") where "status" in ('PENDING', 'IN_FLIGHT');`);
    this.addSql('alter table "webhook_delivery" add constraint "webhook_delivery_webhook_event_unique" unique ("webhook_id", "event_id");');
    this.addSql(
      'alter table "webhook_delivery" add constraint "webhook_delivery_webhook_id_foreign" foreign key ("webhook_id") references "webhook" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "webhook_delivery" add constraint "webhook_delivery_event_id_foreign" foreign key ("event_id") references "domain_event" ("id") on update cascade on delete cascade;',
    );
    this.addSql(`create function "webhook_delivery_enqueue"() returns trigger language plpgsql as $$
begin
  insert into webhook_delivery (webhook_id, event_id)
  select w.id, new.id from webhook w
   where w.active and new.type = any(w.event_types) and (w.team_id is null or w.team_id = any(new.team_ids));
  return null;
end $$;`);
    this.addSql(
      'create trigger "webhook_delivery_enqueue" after insert on "domain_event" for each row execute function "webhook_delivery_enqueue"();',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists "webhook_delivery_enqueue" on "domain_event";');
    this.addSql('drop function if exists "webhook_delivery_enqueue"();');
    this.addSql('drop table if exists "webhook_delivery" cascade;');
    this.addSql('drop table if exists "webhook" cascade;');
  }
}
