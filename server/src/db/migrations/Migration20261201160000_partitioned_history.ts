import { Migration } from '@mikro-orm/migrations';

/**
 * History partitioned by month (db/partitions.ts, docs/scaling.md): deals' stage changes by the deal's
 * creation time (the funnel's cohort, so a deal's whole history sits in one partition), interactions by
 * when they happened, audit entries and domain events by when they were recorded.
 *
 * Each table is rebuilt as a partitioned one with the same columns, defaults, sequence, indexes, foreign
 * keys and triggers; its primary key becomes (id, partition key), since PostgreSQL requires a partitioned
 * table's unique keys to hold the partition key. Ids stay unique: they still come from one sequence. The
 * two foreign keys that pointed at these ids (a follow-up's interaction, a webhook delivery's event) cannot
 * reference a partitioned table without the partition key and are dropped; nothing deletes those rows.
 *
 * Partitions cover every month that has rows and the months from this one to three months ahead; a
 * default partition takes rows outside them. `ensure_month_partitions` creates them, and the server rolls
 * them forward (db/partitions.ts).
 */
export class Migration20261201160000_partitioned_history extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "follow_up" drop constraint "follow_up_interaction_id_foreign";');
    this.addSql('alter table "webhook_delivery" drop constraint "webhook_delivery_event_id_foreign";');
    this.addSql(ENSURE_MONTH_PARTITIONS);
    this.addSql(rebuildPartitioned('deal_stage_change', 'deal_created_at'));
    this.addSql(rebuildPartitioned('interaction', 'occurred_at'));
    this.addSql(rebuildPartitioned('audit_entry', 'at'));
    this.addSql(rebuildPartitioned('domain_event', 'occurred_at'));
  }

  override async down(): Promise<void> {
    throw new Error('Partitioned history is not unpartitioned: restore the backup taken before migrating.');
  }
}

/**
 * Monthly partitions `<table>_pYYYY_MM` for every month from `from_time`'s to `to_time`'s. Rows of the
 * default partition that fall in a new month move into it, in the same transaction. One caller at a time.
 */
const ENSURE_MONTH_PARTITIONS = `
create or replace function ensure_month_partitions(parent regclass, key text, from_time timestamptz, to_time timestamptz)
returns int language plpgsql as $fn$
declare
  month date := date_trunc('month', from_time at time zone 'UTC')::date;
  last_month date := date_trunc('month', to_time at time zone 'UTC')::date;
  base text := (select relname from pg_class where oid = parent);
  fallback text := base || '_default';
  columns text;
  name text;
  lower_bound text;
  upper_bound text;
  created int := 0;
begin
  perform pg_advisory_xact_lock(hashtext('ensure_month_partitions'));
  select string_agg(quote_ident(attname), ', ' order by attnum) into columns
    from pg_attribute where attrelid = parent and attnum > 0 and not attisdropped and attgenerated = '';
  while month <= last_month loop
    name := base || '_p' || to_char(month, 'YYYY_MM');
    if to_regclass(quote_ident(name)) is null then
      lower_bound := quote_literal(month::text || ' 00:00:00+00');
      upper_bound := quote_literal((month + interval '1 month')::date::text || ' 00:00:00+00');
      -- Filled while it is a plain table, then attached: the rows moved fire no insert trigger (an event
      -- is not announced, nor its webhooks queued, a second time).
      execute format('create table %I (like %s including defaults including constraints including generated)', name, parent);
      execute format('with moved as (delete from %I where %I >= %s and %I < %s returning *) insert into %I (%s) select %s from moved',
        fallback, key, lower_bound, key, upper_bound, name, columns, columns);
      execute format('alter table %s attach partition %I for values from (%s) to (%s)', parent, name, lower_bound, upper_bound);
      created := created + 1;
    end if;
    month := month + interval '1 month';
  end loop;
  return created;
end
$fn$;`;

/**
 * Renames the table away, creates the partitioned one like it with its partitions, copies its rows, then
 * recreates its primary key, indexes, foreign keys and triggers from their definitions.
 */
function rebuildPartitioned(table: string, key: string): string {
  return `
do $do$
declare
  item record;
  columns text;
begin
  alter table "${table}" rename to "${table}_unpartitioned";
  create table "${table}" (like "${table}_unpartitioned" including defaults including generated including constraints)
    partition by range ("${key}");
  alter sequence "${table}_id_seq" owned by "${table}"."id";
  alter table "${table}_unpartitioned" drop constraint "${table}_pkey";
  execute format('create table %I partition of %I default', '${table}_default', '${table}');
  perform ensure_month_partitions('"${table}"', '${key}', now(), now() + interval '3 months');
  perform ensure_month_partitions('"${table}"', '${key}', month, month)
    from (select distinct date_trunc('month', "${key}", 'UTC') as month from "${table}_unpartitioned") months;
  -- The rows first, then the keys, indexes and triggers: built once over all rows, and no insert
  -- trigger fires for a row copied.
  select string_agg(quote_ident(attname), ', ' order by attnum) into columns
    from pg_attribute where attrelid = '"${table}"'::regclass and attnum > 0 and not attisdropped and attgenerated = '';
  execute format('insert into %I (%s) select %s from %I', '${table}', columns, columns, '${table}_unpartitioned');
  alter table "${table}" add constraint "${table}_pkey" primary key ("id", "${key}");
  for item in select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as definition
      from pg_index where indrelid = '"${table}_unpartitioned"'::regclass loop
    execute 'drop index ' || quote_ident(item.name);
    execute replace(item.definition, ' ON public.${table}_unpartitioned ', ' ON public.${table} ');
  end loop;
  for item in select conname, pg_get_constraintdef(oid) as definition
      from pg_constraint where conrelid = '"${table}_unpartitioned"'::regclass and contype = 'f' loop
    execute format('alter table %I drop constraint %I', '${table}_unpartitioned', item.conname);
    execute format('alter table %I add constraint %I %s', '${table}', item.conname, item.definition);
  end loop;
  for item in select tgname, pg_get_triggerdef(oid) as definition
      from pg_trigger where tgrelid = '"${table}_unpartitioned"'::regclass and not tgisinternal loop
    execute format('drop trigger %I on %I', item.tgname, '${table}_unpartitioned');
    execute replace(item.definition, ' ON public.${table}_unpartitioned ', ' ON public.${table} ');
  end loop;
  drop table "${table}_unpartitioned";
end
$do$;`;
}
