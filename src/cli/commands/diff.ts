import { Option, type Command } from 'commander';
import { checkTablePrefix, compareDatabases, exitCodeFor, messageOf, openSchemaSource, parseSchemaSpec, type OpenSchema, type SchemaDiffOptions } from '../../index.js';
import { scrub } from '../secrets.js';

/** migra's exact refusal text (CI scripts match on it). */
export const DESTRUCTIVE_MESSAGE = '-- ERROR: destructive statements generated. Use the --unsafe flag to suppress this error.';

interface DiffCliOptions {
  unsafe?: boolean;
  withPrivileges?: boolean;
  schema?: string;
  excludeSchema?: string;
  exclude_schema?: string;
  ignoreExtensionVersions?: boolean;
  createExtensionsOnly?: boolean;
  json?: boolean;
  devUrl?: string;
  source?: string[];
  tablePrefix?: string;
}

/**
 * `shale diff <from> <to>`: print the SQL that makes <from>'s schema equal to <to>'s, with migra's
 * contract: exit 0 no differences, 2 differences printed, 3 destructive and no --unsafe (nothing on
 * stdout), 1 error. `--json` prints the statement list instead of SQL.
 */
export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description("compare two PostgreSQL schemas and print the SQL that makes <from> match <to> (migra's contract)")
    .argument('<from>', 'schema to migrate: a database URL (postgres://…, pglite:…), a desired-state .sql file or folder, or migrations:[dir]')
    .argument('<to>', 'schema to reach, in the same forms')
    .option('--unsafe', 'print destructive statements instead of refusing (exit 3)')
    .option('--with-privileges', 'also compare privileges (GRANT/REVOKE)')
    .option('--schema <schema>', 'only this schema')
    .option('--exclude-schema <schema>', 'every schema but this one')
    .addOption(new Option('--exclude_schema <schema>').hideHelp())
    .option('--ignore-extension-versions', 'do not compare extension versions')
    .option('--create-extensions-only', 'only create missing extensions')
    .option('--json', 'print the change list as JSON: statement, object, kind, destructive, hazards')
    .option('--dev-url <url>', 'dev database for .sql and migrations: sources (default pglite:memory)')
    .action(async (fromUrl: string, toUrl: string, _o: DiffCliOptions, cmd: Command) => {
      process.exitCode = await runDiff(fromUrl, toUrl, cmd.optsWithGlobals<DiffCliOptions>());
    });
}

async function runDiff(fromUrl: string, toUrl: string, o: DiffCliOptions): Promise<number> {
  const excluded = o.excludeSchema ?? o.exclude_schema;
  const opts: SchemaDiffOptions = {
    withPrivileges: o.withPrivileges === true,
    ignoreExtensionVersions: o.ignoreExtensionVersions === true,
    createExtensionsOnly: o.createExtensionsOnly === true,
    ...(o.schema ? { schemas: [o.schema] } : {}),
    ...(excluded ? { excludeSchemas: [excluded] } : {}),
  };
  const opened: OpenSchema[] = [];
  const sourceOpts = { ...(o.devUrl ? { devUrl: o.devUrl } : {}), ...(o.source?.length ? { sources: o.source } : {}), ...(o.tablePrefix ? { tablePrefix: o.tablePrefix } : {}) };
  try {
    // diff reads the global flag without the config; an empty prefix must not mean the default.
    if (o.tablePrefix !== undefined) checkTablePrefix(o.tablePrefix);
    const from = await openSchemaSource(parseSchemaSpec(fromUrl), sourceOpts);
    opened.push(from);
    const to = await openSchemaSource(parseSchemaSpec(toUrl), sourceOpts);
    opened.push(to);
    // shale's own state tables are not part of either schema.
    const result = await compareDatabases(from.db, to.db, { ...opts, ...(o.tablePrefix ? { tablePrefix: o.tablePrefix } : {}) });
    for (const u of result.unsupported) process.stderr.write(`-- warning: ${u.kind} ${u.name} is not compared (unsupported)\n`);
    if (result.destructive && !o.unsafe) {
      process.stderr.write(`${DESTRUCTIVE_MESSAGE}\n`);
      return 3;
    }
    if (o.json) {
      const doc = {
        statements: result.statements.map((s) => ({ statement: s.sql, object: s.object, kind: s.kind, destructive: s.destructive, hazards: s.hazards })),
        destructive: result.destructive,
        unsupported: result.unsupported,
      };
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else if (result.statements.length > 0) {
      process.stdout.write(`${result.statements.map((s) => s.sql).join('\n\n')}\n`);
    }
    return result.statements.length > 0 ? 2 : 0;
  } catch (e) {
    process.stderr.write(`shale: error: ${scrub(messageOf(e)).split('\n')[0]}\n`);
    return exitCodeFor(e);
  } finally {
    for (const s of opened) {
      await s.close().catch((e: unknown) => process.stderr.write(`-- warning: closing ${s.display}: ${scrub(messageOf(e))}\n`));
    }
  }
}
