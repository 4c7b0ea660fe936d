// Each tool's state table written exactly as that tool creates and fills it (see src/adopt/README.md),
// with 3 of 5 migrations applied and one row naming a file that does not exist.
import { createHash } from 'node:crypto';

export type Kind = 'sqlite' | 'postgres';

export interface ToolFixture {
  readonly tool: string;
  readonly kinds: readonly Kind[];
  /** The five migration files, in run order; the first three are the applied ones. */
  readonly files: readonly [string, string][];
  /** SQL creating and filling the tool's state table (the three applied migrations' tables already exist). */
  setup(kind: Kind, ctx: { dir: string; url: string; exec(sql: string): Promise<void> }): Promise<void>;
  readonly unmatched: readonly string[];
}

const create = (n: number) => `create table t${n} (id int);\n`;
const createTables = 'create table t1 (id int); create table t2 (id int); create table t3 (id int);';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const FIXTURES: readonly ToolFixture[] = [
  {
    tool: 'flyway',
    kinds: ['sqlite', 'postgres'],
    files: [1, 2, 3, 4, 5].map((n) => [`V${n}__create_t${n}.sql`, create(n)]),
    unmatched: ['V3.5 (V3.5__gone.sql)'],
    async setup(kind, { exec }) {
      const ddl =
        kind === 'postgres'
          ? `CREATE TABLE "public"."flyway_schema_history" ("installed_rank" INT NOT NULL, "version" VARCHAR(50), "description" VARCHAR(200) NOT NULL, "type" VARCHAR(20) NOT NULL, "script" VARCHAR(1000) NOT NULL, "checksum" INTEGER, "installed_by" VARCHAR(100) NOT NULL, "installed_on" TIMESTAMP NOT NULL DEFAULT now(), "execution_time" INTEGER NOT NULL, "success" BOOLEAN NOT NULL);
             ALTER TABLE "public"."flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
             CREATE INDEX "flyway_schema_history_s_idx" ON "public"."flyway_schema_history" ("success");`
          : `CREATE TABLE "flyway_schema_history" ("installed_rank" INT NOT NULL PRIMARY KEY, "version" VARCHAR(50), "description" VARCHAR(200) NOT NULL, "type" VARCHAR(20) NOT NULL, "script" VARCHAR(1000) NOT NULL, "checksum" INT, "installed_by" VARCHAR(100) NOT NULL, "installed_on" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')), "execution_time" INT NOT NULL, "success" BOOLEAN NOT NULL);
             CREATE INDEX "flyway_schema_history_s_idx" ON "flyway_schema_history" ("success");`;
      const t = kind === 'postgres' ? 'true' : '1';
      const f = kind === 'postgres' ? 'false' : '0';
      await exec(`${createTables} ${ddl}
        INSERT INTO "flyway_schema_history" ("installed_rank", "version", "description", "type", "script", "checksum", "installed_by", "execution_time", "success") VALUES
          (1, '1', 'create t1', 'SQL', 'V1__create_t1.sql', -1543217921, 'app', 12, ${t}),
          (2, '2', 'create t2', 'SQL', 'V2__create_t2.sql', 1029384756, 'app', 8, ${t}),
          (3, '3', 'create t3', 'SQL', 'V3__create_t3.sql', 564738291, 'app', 9, ${t}),
          (4, '3.5', 'gone', 'SQL', 'V3.5__gone.sql', 11, 'app', 3, ${t}),
          (5, '4', 'create t4', 'SQL', 'V4__create_t4.sql', 22, 'app', 4, ${f});`);
    },
  },
  {
    tool: 'dbmate',
    kinds: ['sqlite', 'postgres'],
    files: [1, 2, 3, 4, 5].map((n) => [`2024010100000${n}_create_t${n}.sql`, `-- migrate:up\n${create(n)}\n-- migrate:down\ndrop table t${n};\n`]),
    unmatched: ['20231231000000'],
    // dbmate 2.x's table (pkg/driver/postgres and sqlite: `version varchar(128) primary key`, in the
    // first schema of the search path on PostgreSQL), after dbmate applied the first three files.
    async setup(kind, { exec }) {
      const table = kind === 'postgres' ? 'public.schema_migrations' : 'schema_migrations';
      await exec(`${createTables}
        create table if not exists ${table} (version varchar(128) primary key);
        insert into ${table} (version) values ('20240101000001'), ('20240101000002'), ('20240101000003');`);
      await exec(`insert into schema_migrations (version) values ('20231231000000');`);
    },
  },
  {
    tool: 'yoyo',
    kinds: ['sqlite', 'postgres'],
    files: [1, 2, 3, 4, 5].map((n) => [`000${n}.create-t${n}.sql`, create(n)]),
    unmatched: ['0000.removed'],
    async setup(_kind, { exec }) {
      const rows = ['0001.create-t1', '0002.create-t2', '0003.create-t3', '0000.removed'].map((id, i) => `('${sha256(id)}', '${id}', '2024-01-0${i + 1} 10:00:00')`);
      await exec(`${createTables}
        CREATE TABLE IF NOT EXISTS "yoyo_lock" (locked INT DEFAULT 1, ctime TIMESTAMP, pid INT NOT NULL, PRIMARY KEY (locked));
        CREATE TABLE IF NOT EXISTS "_yoyo_log" ( id VARCHAR(36), migration_hash VARCHAR(64), migration_id VARCHAR(255), operation VARCHAR(10), username VARCHAR(255), hostname VARCHAR(255), comment VARCHAR(255), created_at_utc TIMESTAMP, PRIMARY KEY (id));
        CREATE TABLE IF NOT EXISTS "_yoyo_version" (version INT NOT NULL PRIMARY KEY, installed_at_utc TIMESTAMP);
        CREATE TABLE IF NOT EXISTS "_yoyo_migration" ( migration_hash VARCHAR(64), migration_id VARCHAR(255), applied_at_utc TIMESTAMP, PRIMARY KEY (migration_hash));
        INSERT INTO "_yoyo_version" (version, installed_at_utc) VALUES (2, '2024-01-01 09:00:00');
        INSERT INTO "_yoyo_migration" (migration_hash, migration_id, applied_at_utc) VALUES ${rows.join(', ')};`);
    },
  },
  {
    tool: 'alembic',
    kinds: ['sqlite', 'postgres'],
    // Revision ids whose natural order differs from the chain: only `depends` (down_revision) orders them.
    files: [
      ['3f2a0c1e9b10.sql', create(1)],
      ['9c1b77d0e4a2.sql', `-- depends: 3f2a0c1e9b10\n${create(2)}`],
      ['1d7e5a2b3c40.sql', `-- depends: 9c1b77d0e4a2\n${create(3)}`],
      ['c4d2e8f90a11.sql', `-- depends: 1d7e5a2b3c40\n${create(4)}`],
      ['0ab9f3c2d155.sql', `-- depends: c4d2e8f90a11\n${create(5)}`],
    ],
    unmatched: ['ffff0000aaaa'],
    async setup(_kind, { exec }) {
      // Only heads are stored: the current head of the chain, plus one head of an unknown branch.
      await exec(`${createTables}
        CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
        INSERT INTO alembic_version (version_num) VALUES ('1d7e5a2b3c40');
        INSERT INTO alembic_version (version_num) VALUES ('ffff0000aaaa');`);
    },
  },
  {
    tool: 'node-pg-migrate',
    kinds: ['postgres'],
    files: [1, 2, 3, 4, 5].map((n) => [`170000000000${n}_create-t${n}.sql`, create(n)]),
    unmatched: ['1600000000000_legacy'],
    async setup(_kind, { exec }) {
      await exec(`${createTables}
        CREATE TABLE "public"."pgmigrations" ( id SERIAL PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL);
        INSERT INTO "public"."pgmigrations" (name, run_on) VALUES ('1600000000000_legacy', NOW()), ('1700000000001_create-t1', NOW()), ('1700000000002_create-t2', NOW()), ('1700000000003_create-t3', NOW());`);
    },
  },
  {
    tool: 'knex',
    kinds: ['sqlite', 'postgres'],
    files: [1, 2, 3, 4, 5].map((n) => [`2024010100000${n}_create_t${n}.sql`, create(n)]),
    unmatched: ['20230101000000_legacy'],
    async setup(kind, { exec }) {
      const ddl =
        kind === 'postgres'
          ? `create table "knex_migrations" ("id" serial primary key, "name" varchar(255), "batch" integer, "migration_time" timestamptz);
             create table "knex_migrations_lock" ("index" serial primary key, "is_locked" integer);`
          : 'create table `knex_migrations` (`id` integer not null primary key autoincrement, `name` varchar(255), `batch` integer, `migration_time` datetime); ' +
            'create table `knex_migrations_lock` (`index` integer not null primary key autoincrement, `is_locked` integer);';
      const time = kind === 'postgres' ? "'2024-01-01T10:00:00.000Z'" : '1704103200000';
      await exec(`${createTables} ${ddl}
        insert into knex_migrations_lock (is_locked) values (0);
        insert into knex_migrations (name, batch, migration_time) values ('20230101000000_legacy.js', 1, ${time}), ('20240101000001_create_t1.js', 1, ${time}), ('20240101000002_create_t2.js', 2, ${time}), ('20240101000003_create_t3.ts', 2, ${time});`);
    },
  },
];
