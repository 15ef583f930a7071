import { Migration } from '@mikro-orm/migrations';

/** Import jobs (exchange/jobs/import-job.entity.ts) and the bytes of their files, in chunks of about 1 MB. */
export class Migration20261201130100_import_jobs extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "import_job" ("id" serial primary key, "status" text check ("status" in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')) not null default 'QUEUED', "dry_run" boolean not null, "mode" text check ("mode" in ('ALL_OR_NOTHING', 'PARTIAL')) not null, "source" varchar(60) not null, "files" jsonb not null, "progress" jsonb not null, "counts" jsonb not null, "error_count" int not null default 0, "errors" jsonb not null, "failure" text null, "requested_by" varchar(300) not null, "requested_role" text check ("requested_role" in ('ADMIN', 'MANAGER', 'REP', 'ANALYST', 'EMBED')) not null, "requested_by_member_id" int null, "created_at" timestamptz not null default now(), "started_at" timestamptz null, "finished_at" timestamptz null, "heartbeat_at" timestamptz null, "attempts" int not null default 0, "rejected_csv" bytea null);`,
    );
    this.addSql('create index "import_job_status_index" on "import_job" ("status", "id");');
    this.addSql(
      'create table "import_job_chunk" ("job_id" int not null, "file_index" smallint not null, "seq" int not null, "data" bytea not null, constraint "import_job_chunk_pkey" primary key ("job_id", "file_index", "seq"));',
    );
    this.addSql(
      'alter table "import_job_chunk" add constraint "import_job_chunk_job_id_foreign" foreign key ("job_id") references "import_job" ("id") on update cascade on delete cascade;',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "import_job_chunk" cascade;');
    this.addSql('drop table if exists "import_job" cascade;');
  }
}
