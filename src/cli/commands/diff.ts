import { Option, type Command } from 'commander';
import { openAdapter } from '../../adapters/open.js';
import type { Adapter } from '../../adapters/adapter.js';
import { exitCodeFor, messageOf } from '../../errors.js';
import { redactUrl } from '../../core/url.js';
import { diff, type SchemaDiffOptions } from '../../schema/index.js';

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
    .argument('<from>', 'database URL to migrate (postgres://… or pglite:…)')
    .argument('<to>', 'database URL with the target schema')
    .option('--unsafe', 'print destructive statements instead of refusing (exit 3)')
    .option('--with-privileges', 'also compare privileges (GRANT/REVOKE)')
    .option('--schema <schema>', 'only this schema')
    .option('--exclude-schema <schema>', 'every schema but this one')
    .addOption(new Option('--exclude_schema <schema>').hideHelp())
    .option('--ignore-extension-versions', 'do not compare extension versions')
    .option('--create-extensions-only', 'only create missing extensions')
    .option('--json', 'print the change list as JSON: statement, object, kind, destructive')
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
  const opened: Adapter[] = [];
  try {
    const from = await openAdapter(fromUrl);
    opened.push(from);
    const to = await openAdapter(toUrl);
    opened.push(to);
    const result = await diff(from, to, opts);
    for (const u of result.unsupported) process.stderr.write(`-- warning: ${u.kind} ${u.name} is not compared (unsupported)\n`);
    if (result.destructive && !o.unsafe) {
      process.stderr.write(`${DESTRUCTIVE_MESSAGE}\n`);
      return 3;
    }
    if (o.json) {
      const doc = {
        statements: result.statements.map((s) => ({ statement: s.sql, object: s.object, kind: s.kind, destructive: s.destructive })),
        destructive: result.destructive,
        unsupported: result.unsupported,
      };
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else if (result.statements.length > 0) {
      process.stdout.write(`${result.statements.map((s) => s.sql).join('\n\n')}\n`);
    }
    return result.statements.length > 0 ? 2 : 0;
  } catch (e) {
    process.stderr.write(`shale: error: ${redactUrl(messageOf(e)).split('\n')[0]}\n`);
    return exitCodeFor(e);
  } finally {
    for (const db of opened) {
      await db.close().catch((e: unknown) => process.stderr.write(`-- warning: closing ${db.display}: ${redactUrl(messageOf(e))}\n`));
    }
  }
}
