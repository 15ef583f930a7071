import { Migration } from '@mikro-orm/migrations';

export class Migration20261201051935_embed_tokens extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "embed_token" ("id" uuid not null, "team_id" int null, "member_id" int null, "widgets" text[] not null, "origin" text null, "issuer" text not null, "issuer_member_id" int null, "issuer_role" text not null, "issued_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_by" text null, constraint "embed_token_pkey" primary key ("id"));',
    );
    this.addSql('create index "embed_token_team_id_index" on "embed_token" ("team_id");');
    this.addSql('create index "embed_token_member_id_index" on "embed_token" ("member_id");');
    this.addSql('create index "embed_token_issuer_index" on "embed_token" ("issuer");');
    this.addSql('create index "embed_token_expires_at_index" on "embed_token" ("expires_at");');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "embed_token" cascade;');
  }
}
