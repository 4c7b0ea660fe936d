import { Option, type Command } from 'commander';
import { ShaleError, checkTablePrefix, messageOf } from '../../api/migrations.js';
import type { OpenSchema, compareDatabases as CompareDatabases, planScript as PlanScript } from '../../api/declarative.js';
import type { SchemaDiffOptions } from '../../api/schema.js';
import { scrub } from '../secrets.js';

/** migra's exact refusal text (CI scripts match on it). */
export const DESTRUCTIVE_MESSAGE = '-- ERROR: destructive statements generated. Use the --unsafe flag to suppress this error.';

interface DiffCliOptions {
  unsafe?: boolean;
  withPrivileges?: boolean;
  withOwners?: boolean;
  schema?: string;
  excludeSchema?: string;
  exclude_schema?: string;
  ignoreExtensionVersions?: boolean;
  createExtensionsOnly?: boolean;
  allowUnsupported?: boolean;
  json?: boolean;
  devUrl?: string;
  source?: string[];
  tablePrefix?: string;
}

/**
 * `shale diff <from> <to>`: print the SQL that makes <from>'s schema equal to <to>'s, with migra's
 * contract: exit 0 no differences, 2 differences printed, 3 destructive and no --unsafe (nothing on
 * stdout), 1 error. `--json` prints the statement list instead of SQL, also on exit 3 (`refused: true`).
 */
export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description("compare two PostgreSQL schemas and print the SQL that makes <from> match <to> (migra's contract)")
    .argument('<from>', 'schema to migrate: a database URL (postgres://…, pglite:…), a desired-state .sql file or folder, or migrations:[dir]')
    .argument('<to>', 'schema to reach, in the same forms')
    .option('--unsafe', 'print destructive statements instead of refusing (exit 3)')
    .option('--with-privileges', 'also compare privileges (GRANT/REVOKE, ALTER DEFAULT PRIVILEGES)')
    .option('--with-owners', 'also compare owners (ALTER … OWNER TO)')
    .option('--schema <schema>', 'only this schema')
    .option('--exclude-schema <schema>', 'every schema but this one')
    .addOption(new Option('--exclude_schema <schema>').hideHelp())
    .option('--ignore-extension-versions', 'do not compare extension versions')
    .option('--create-extensions-only', 'only create missing extensions')
    .option('--allow-unsupported', 'diff what shale models even when either schema has objects it does not (else an error naming them)')
    .option('--json', 'print the change list as JSON: statement, object, kind, destructive, hazards')
    .option('--dev-url <url>', 'dev database for .sql and migrations: sources (default pglite:memory)')
    .action(async (fromUrl: string, toUrl: string, _o: DiffCliOptions, cmd: Command) => {
      process.exitCode = await runDiff(fromUrl, toUrl, cmd.optsWithGlobals<DiffCliOptions>());
    });
}

async function runDiff(fromUrl: string, toUrl: string, o: DiffCliOptions): Promise<number> {
  // Loaded when diff runs: schema code is no part of the CLI's start (scripts/check-boundaries.mjs).
  const { compareDatabases, devForUrl, openSchemaSource, parseSchemaSpec, planScript } = await import('../../api/declarative.js');
  const excluded = o.excludeSchema ?? o.exclude_schema;
  const opts: SchemaDiffOptions = {
    withPrivileges: o.withPrivileges === true,
    withOwners: o.withOwners === true,
    ignoreExtensionVersions: o.ignoreExtensionVersions === true,
    createExtensionsOnly: o.createExtensionsOnly === true,
    // A column type with no cast is then dropped and added again (destructive, so still gated).
    unsafe: o.unsafe === true,
    ...(o.schema ? { schemas: [o.schema] } : {}),
    ...(excluded ? { excludeSchemas: [excluded] } : {}),
  };
  const opened: OpenSchema[] = [];
  // A database on one side chooses the dev database of the other (`sqlite::memory:` for a SQLite one).
  const urlSide = [fromUrl, toUrl].find((a) => parseSchemaSpec(a).kind === 'url');
  const sourceOpts = {
    ...(o.devUrl ? { devUrl: o.devUrl } : {}),
    ...(o.source?.length ? { sources: o.source } : {}),
    ...(o.tablePrefix ? { tablePrefix: o.tablePrefix } : {}),
    ...(urlSide ? { project: devForUrl(urlSide) } : {}),
  };
  try {
    // diff reads the global flag without the config; an empty prefix must not mean the default.
    if (o.tablePrefix !== undefined) checkTablePrefix(o.tablePrefix);
    const from = await openSchemaSource(parseSchemaSpec(fromUrl), sourceOpts);
    opened.push(from);
    const to = await openSchemaSource(parseSchemaSpec(toUrl), sourceOpts);
    opened.push(to);
    // shale's own state tables are not part of either schema.
    // The `-- shale:using` hints of a desired schema on the `to` side say how its column types convert.
    const result = await compareDatabases(from.db, to.db, { ...opts, ...(o.tablePrefix ? { tablePrefix: o.tablePrefix } : {}), desiredFiles: to.files });
    return report(result, o, planScript);
  } finally {
    // An error goes on to the CLI's handler: one line on stderr, and with --json the error document.
    for (const s of opened) {
      await s.close().catch((e: unknown) => process.stderr.write(`-- warning: closing ${s.display}: ${scrub(messageOf(e))}\n`));
    }
  }
}

/**
 * Print a diff and return the exit code: warnings and notes on stderr; the SQL, or with --json the
 * document (also on a refusal, exit 3, so a CI job sees which statements need --unsafe).
 */
function report(result: Awaited<ReturnType<typeof CompareDatabases>>, o: DiffCliOptions, planScript: typeof PlanScript): number {
  if (result.unsupported.length > 0 && !o.allowUnsupported) throw unsupportedError(result.unsupported);
  for (const u of result.unsupported) process.stderr.write(`-- warning: ${u.kind} ${u.name} is not compared (unsupported)\n`);
  for (const n of result.notes ?? []) process.stderr.write(`-- note: ${n}\n`);
  const refused = result.destructive && !o.unsafe;
  if (refused) process.stderr.write(`${DESTRUCTIVE_MESSAGE}\n`);
  if (o.json) {
    const doc = {
      statements: result.statements.map((s) => ({ statement: s.sql, object: s.object, kind: s.kind, destructive: s.destructive, hazards: s.hazards })),
      destructive: result.destructive,
      refused,
      unsupported: result.unsupported,
      notes: result.notes ?? [],
      ...(result.outsideTransaction ? { outsideTransaction: result.outsideTransaction } : {}),
    };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else if (!refused && result.statements.length > 0) {
    // What must run outside the transaction (SQLite: foreign keys off around a rebuild) frames it.
    process.stdout.write(`${planScript(result.statements.map((s) => s.sql), result.outsideTransaction).join('\n\n')}\n`);
  }
  if (refused) return 3;
  return result.statements.length > 0 ? 2 : 0;
}

/**
 * Objects shale does not model make a diff that silently misses them: an error naming them, unless
 * --allow-unsupported (then each is a warning).
 */
export function unsupportedError(objects: readonly { readonly kind: string; readonly name: string }[]): ShaleError {
  const named = objects.slice(0, 5).map((u) => `${u.kind} ${u.name}`).join(', ');
  const more = objects.length > 5 ? ` and ${objects.length - 5} more` : '';
  return new ShaleError(
    'E_UNSUPPORTED',
    `the schemas have objects shale does not compare: ${named}${more}; pass --allow-unsupported to compare everything else (they are then left as they are)`,
    { objects: objects.map((u) => `${u.kind} ${u.name}`) },
  );
}
