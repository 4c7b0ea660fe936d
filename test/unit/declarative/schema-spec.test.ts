// How a schema argument is read: database URLs (a mistyped one stays a URL, never a file name),
// migrations, ORM models with their default paths, and files; what an ORM file declares.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { desiredProject, parseSchemaSpec } from '../../../src/declarative/index.js';

test('parseSchemaSpec: URLs, migrations, ORM models (default paths) and files', () => {
  assert.deepEqual(parseSchemaSpec('postgres://u:p@h/db'), { kind: 'url', url: 'postgres://u:p@h/db' });
  assert.deepEqual(parseSchemaSpec('postgres:oops'), { kind: 'url', url: 'postgres:oops' });
  assert.deepEqual(parseSchemaSpec('pglite:memory'), { kind: 'url', url: 'pglite:memory' });
  assert.deepEqual(parseSchemaSpec('migrations:'), { kind: 'migrations' });
  assert.deepEqual(parseSchemaSpec('migrations:db/m'), { kind: 'migrations', sources: ['db/m'] });
  assert.deepEqual(parseSchemaSpec('drizzle:'), { kind: 'orm', orm: 'drizzle', path: 'drizzle.config.ts' });
  assert.deepEqual(parseSchemaSpec('drizzle:apps/api/drizzle.config.ts'), { kind: 'orm', orm: 'drizzle', path: 'apps/api/drizzle.config.ts' });
  assert.deepEqual(parseSchemaSpec('prisma:'), { kind: 'orm', orm: 'prisma', path: 'prisma/schema.prisma' });
  assert.deepEqual(parseSchemaSpec('schema.sql'), { kind: 'files', path: 'schema.sql' });
});

test('desiredProject: the dialect an ORM file declares picks the dev database; files and unknown dialects say nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shale-spec-'));
  writeFileSync(join(dir, 'lite.config.ts'), `export default defineConfig({ dialect: "sqlite", schema: './s.ts' });`);
  writeFileSync(join(dir, 'pg.config.ts'), `export default defineConfig({\n  schema: './s.ts',\n  dialect: 'postgresql',\n});`);
  writeFileSync(join(dir, 'none.config.ts'), `export default defineConfig({ schema: './s.ts' });`);
  writeFileSync(join(dir, 'schema.prisma'), `generator client {\n  provider = "prisma-client-js"\n}\ndatasource db {\n  provider = "mysql"\n  url = env("DATABASE_URL")\n}\n`);
  assert.equal(desiredProject(`drizzle:${join(dir, 'lite.config.ts')}`, undefined)?.family, 'sqlite');
  assert.equal(desiredProject(`drizzle:${join(dir, 'pg.config.ts')}`, undefined)?.family, 'postgres');
  assert.equal(desiredProject(`drizzle:${join(dir, 'none.config.ts')}`, undefined), undefined);
  assert.equal(desiredProject(`prisma:${join(dir, 'schema.prisma')}`, undefined)?.family, 'mysql');
  assert.equal(desiredProject(join(dir, 'schema.sql'), undefined), undefined);
  assert.throws(() => desiredProject(`drizzle:${join(dir, 'missing.ts')}`, undefined), /no such file/);
});
