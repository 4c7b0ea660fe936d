import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { schemaFamilyName } from '../adapters/open.js';
import { ShaleError } from '../errors.js';
import { findUp } from '../find-up.js';
import type { SchemaFile } from './apply-desired.js';
import type { DevFor } from './dev-database.js';

/** The ORMs whose own tooling can print a desired schema as SQL. */
export type OrmKind = 'drizzle' | 'prisma';

/** How each ORM's tool is found and run; the user's project's own binary, never a bundled one. */
interface OrmTool {
  readonly bin: string;
  readonly pkg: string;
  args(file: string): string[];
  /** The dialect the ORM file declares, as the ORM spells it (`postgresql`, `sqlite`, `mysql`), if it says. */
  dialect(text: string): string | undefined;
}

const FAMILY: Record<string, string> = { postgresql: 'postgres', postgres: 'postgres', sqlite: 'sqlite', turso: 'sqlite', mysql: 'mysql', singlestore: 'mysql' };

const TOOLS: Record<OrmKind, OrmTool> = {
  drizzle: {
    bin: 'drizzle-kit',
    pkg: 'drizzle-kit',
    args: (file) => ['export', '--sql', '--config', file],
    dialect: (text) => /\bdialect\s*:\s*['"`](\w+)['"`]/.exec(text)?.[1],
  },
  prisma: {
    bin: 'prisma',
    pkg: 'prisma',
    // Prisma 7 names the option `--to-schema` (`--to-schema-datamodel` before 6.x deprecated it).
    args: (file) => ['migrate', 'diff', '--from-empty', '--to-schema', file, '--script'],
    dialect: (text) => /datasource\s+\w+\s*\{[^}]*\bprovider\s*=\s*"(\w+)"/s.exec(text)?.[1],
  },
};

/** The dialect an ORM file declares, as written and as a schema family; E_USAGE when the file is missing. */
function declaredDialect(orm: OrmKind, file: string): { declared?: string; family?: string } {
  const path = resolve(file);
  if (!existsSync(path)) throw new ShaleError('E_USAGE', `${orm}:${file}: no such file ${file}`, { file });
  const declared = TOOLS[orm].dialect(readFileSync(path, 'utf8'));
  return declared === undefined ? {} : { declared, family: FAMILY[declared.toLowerCase()] };
}

/**
 * The project an ORM file describes when no database is configured: its declared dialect chooses the
 * dev database (a Drizzle config for SQLite is planned on SQLite).
 */
export function ormProject(orm: OrmKind, file: string): DevFor | undefined {
  const { family } = declaredDialect(orm, file);
  return family === undefined ? undefined : { family, display: `${orm}:${file}` };
}

/** The project's binary `name`: in `node_modules/.bin` of `dir` or a folder above it. */
export function findProjectBin(dir: string, name: string): string | undefined {
  return findUp(dir, join('node_modules', '.bin', name));
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** The first line that says something in a tool's output (stack frames and blank lines skipped). */
function firstLine(text: string): string {
  return text.replace(ANSI, '').split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('at ')) ?? '';
}

/**
 * The desired schema an ORM describes, as SQL printed by the ORM's own tool run from the user's
 * project (`drizzle-kit export`, `prisma migrate diff --from-empty … --script`). E_USAGE when the
 * file is missing, the tool is not installed (naming the package) or the file's dialect is not the
 * project's; E_PARSE when the tool fails (its first line of output).
 * @example readOrmSchema('drizzle', 'drizzle.config.ts', { family: 'postgresql', display: 'pglite:memory' })
 */
export function readOrmSchema(orm: OrmKind, file: string, project?: DevFor): SchemaFile[] {
  const tool = TOOLS[orm];
  const location = `${orm}:${file}`;
  const path = resolve(file);
  const { declared, family } = declaredDialect(orm, file);
  if (declared !== undefined && project && family !== project.family) {
    throw new ShaleError('E_USAGE', `${location} is for ${declared} but the project's database ${project.display} is ${schemaFamilyName(project.family)}: use a ${orm} schema of the same dialect`, { file, url: project.display });
  }
  const bin = findProjectBin(dirname(path), tool.bin);
  if (!bin) {
    throw new ShaleError('E_USAGE', `${location} needs ${tool.pkg} in the project: npm install --save-dev ${tool.pkg} (no node_modules/.bin/${tool.bin} in ${dirname(path)} or above)`, { file, package: tool.pkg });
  }
  const r = spawnSync(bin, tool.args(path), { cwd: dirname(path), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new ShaleError('E_USAGE', `${location}: cannot run ${bin}: ${r.error.message}`, { file }, { cause: r.error });
  const stdout = r.stdout ?? '';
  const stderr = r.stderr ?? '';
  // drizzle-kit reports some errors on stdout with exit 1, others on stderr with exit 0 and no SQL.
  if (r.status !== 0 || (stdout.trim() === '' && firstLine(stderr) !== '')) {
    const why = firstLine(stderr) || firstLine(stdout) || `exit ${r.status ?? r.signal}`;
    throw new ShaleError('E_PARSE', `${location}: ${tool.bin} failed: ${why}`, { file });
  }
  return [{ location, text: stdout.replace(ANSI, '') }];
}
