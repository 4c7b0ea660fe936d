import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ShaleError, heads, loadMigrations, resolveSources, type Migration } from '../../api/migrations.js';
import { globals, outputFor } from '../run.js';
import { resolveSettings } from '../settings.js';
import { CONFIG_FILES } from '../config.js';

export const FORMATS = ['sql', 'updown', 'sectioned', 'flyway', 'ts'] as const;
export type NewFormat = (typeof FORMATS)[number];

/** UTC `YYYYMMDDHHMMSS`, the id prefix of new migrations (sorts in creation order). */
export function timestampId(d = new Date()): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function slug(name: string): string {
  const s = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (!s) throw new ShaleError('E_USAGE', `migration name "${name}" has no letters or digits`);
  return s;
}

/** Files for a new migration: name → content. `depends` are the current heads when the set uses dependencies. */
export function newMigrationFiles(format: NewFormat, name: string, depends: readonly string[], now = new Date()): Record<string, string> {
  const id = `${timestampId(now)}_${slug(name)}`;
  const header = `-- ${name}\n${depends.length ? `-- depends: ${depends.join(' ')}\n` : ''}\n`;
  switch (format) {
    case 'sql':
      return { [`${id}.sql`]: header, [`${id}.rollback.sql`]: `-- rollback of ${id}\n\n` };
    case 'updown':
      return { [`${id}.up.sql`]: header, [`${id}.down.sql`]: `-- rollback of ${id}\n\n` };
    case 'sectioned':
      return { [`${id}.sql`]: `${header}-- migrate:up\n\n\n-- migrate:down\n\n` };
    case 'flyway':
      return { [`V${timestampId(now)}__${slug(name)}.sql`]: header, [`U${timestampId(now)}__${slug(name)}.sql`]: `-- undo of ${name}\n\n` };
    case 'ts':
      return {
        [`${id}.ts`]:
          `// ${name}\nimport type { MigrationContext } from 'shale';\n\n` +
          (depends.length ? `export const depends = ${JSON.stringify(depends)};\n\n` : '') +
          `export async function up(ctx: MigrationContext): Promise<void> {\n  await ctx.sql\`select 1\`;\n}\n\n` +
          `export async function down(ctx: MigrationContext): Promise<void> {\n  await ctx.sql\`select 1\`;\n}\n`,
      };
  }
}

/** Dependencies for a new migration: the heads, when the set declares dependencies at all (yoyo B7). */
export function dependsForNew(migrations: readonly Migration[]): string[] {
  const versioned = migrations.filter((m) => m.kind === 'versioned');
  if (!versioned.some((m) => m.depends.length > 0)) return [];
  return heads(versioned).map((m) => m.id);
}

/** `init` and `new`. */
export function registerScaffold(program: Command): void {
  program
    .command('init')
    .description('write shale.config.json and create the migrations folder (never overwrites)')
    .action(async (_o: unknown, cmd: Command) => {
      const out = outputFor(globals(cmd));
      const existing = CONFIG_FILES.find((f) => existsSync(f));
      const dir = globals(cmd).source?.[0] ?? 'migrations';
      mkdirSync(dir, { recursive: true });
      if (existing) out.line(`${existing} already exists; left as is`);
      else {
        const db = globals(cmd).db ?? 'sqlite:shale.db';
        writeFileSync('shale.config.json', `${JSON.stringify({ db, sources: [dir], tablePrefix: 'shale_' }, null, 2)}\n`);
        out.line(`wrote shale.config.json (db: ${db.replace(/:[^:@/]*@/, ':****@')})`);
      }
      out.line(`migrations folder: ${dir}`);
      if (out.json) out.document({ command: 'init', ok: true, config: existing ?? 'shale.config.json', wroteConfig: !existing, migrations: dir });
    });

  program
    .command('new')
    .description('create a new migration file (depends on the current heads when the set uses dependencies)')
    .argument('<name>', 'what the migration does, e.g. "add users email"')
    .option('--format <format>', `file format: ${FORMATS.join(' | ')}`, 'sql')
    .action(async (name: string, o: { format: string }, cmd: Command) => {
      if (!(FORMATS as readonly string[]).includes(o.format)) throw new ShaleError('E_USAGE', `unknown --format "${o.format}": use ${FORMATS.join(', ')}`);
      const g = globals(cmd);
      const out = outputFor(g);
      // The first source, as every command resolves them: --source, else the config's, else ./migrations.
      const settings = await resolveSettings(g);
      const dir = settings.sources[0];
      if (typeof dir !== 'string' || dir.startsWith('s3://') || dir.startsWith('package:')) throw new ShaleError('E_USAGE', 'shale new writes to a local folder; pass --source <dir>');
      if (/[*?[\]{}]/.test(dir)) throw new ShaleError('E_USAGE', `shale new writes to one folder, and ${dir} is a glob; pass --source <dir>`);
      // Reading the set needs no database.
      const migrations = existsSync(dir) ? (await loadMigrations(await resolveSources(settings.sources))).migrations : [];
      mkdirSync(dir, { recursive: true });
      const files = newMigrationFiles(o.format as NewFormat, name, dependsForNew(migrations));
      // Never overwrite (dbmate N4), and never leave half a pair behind: check every file first.
      const taken = Object.keys(files).map((f) => join(dir, f)).find((p) => existsSync(p));
      if (taken) throw new ShaleError('E_USAGE', `${taken} already exists`);
      const created = Object.entries(files).map(([file, text]) => {
        const p = join(dir, file);
        writeFileSync(p, text, { flag: 'wx' });
        out.line(`created ${p}`);
        return p;
      });
      if (out.json) out.document({ command: 'new', ok: true, files: created });
    });
}

