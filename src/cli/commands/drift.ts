import type { Command } from 'commander';
import { globals, outputFor, plural } from '../run.js';
import { resolveSettings, singleDb } from '../settings.js';
import { DEV_URL_HELP } from './declarative.js';
import { unsupportedError } from './diff.js';

interface DriftCliOptions {
  devUrl?: string;
  withPrivileges?: boolean;
  withOwners?: boolean;
  allowUnsupported?: boolean;
}


/**
 * `shale drift`: replay the applied migrations on a dev database and diff the live database against
 * it; exit 0 in sync, 2 drifted (the fixing SQL on stdout). `--with-privileges` compares GRANTs too,
 * so a grant made by hand is drift.
 */
export function registerDrift(program: Command): void {
  program
    .command('drift')
    .description('compare the database with what its applied migrations produce (exit 2 and the fixing SQL when drifted)')
    .option('--dev-url <url>', DEV_URL_HELP)
    .option('--with-privileges', 'also compare privileges (GRANT/REVOKE, ALTER DEFAULT PRIVILEGES)')
    .option('--with-owners', 'also compare owners (ALTER … OWNER TO)')
    .option('--allow-unsupported', 'check what shale models even when the schema has objects it does not (else an error naming them)')
    .action(async (o: DriftCliOptions, cmd: Command) => {
      const g = globals(cmd);
      const out = outputFor(g);
      const s = await resolveSettings(g);
      const { checkDrift } = await import('../../api/declarative.js');
      const r = await checkDrift({
        db: singleDb(s), sources: s.sources, tablePrefix: s.tablePrefix,
        ...(o.devUrl ? { devUrl: o.devUrl } : {}), withPrivileges: o.withPrivileges === true,
        withOwners: o.withOwners === true,
      });
      if (r.unsupported.length > 0 && !o.allowUnsupported) throw unsupportedError(r.unsupported);
      for (const u of r.unsupported) out.warn(`${u.kind} ${u.name} is not compared (unsupported)`);
      for (const n of r.notes ?? []) out.warn(n);
      if (out.json) {
        const outside = r.outsideTransaction ? { outsideTransaction: r.outsideTransaction } : {};
        out.document({
          command: 'drift', inSync: r.inSync, applied: r.applied, destructive: r.destructive, notes: r.notes ?? [],
          statements: r.statements.map((x) => ({ statement: x.sql, object: x.object, kind: x.kind, destructive: x.destructive, hazards: x.hazards })),
          ...outside,
        });
      } else if (r.inSync) {
        out.line(`no drift: the database matches its ${plural(r.applied.length, 'applied migration')}`);
      } else {
        process.stderr.write(`drift: the database differs from what its ${plural(r.applied.length, 'applied migration')} produce; SQL to fix it:\n`);
        process.stdout.write(`${r.script.join('\n\n')}\n`);
      }
      process.exitCode = r.inSync ? 0 : 2;
    });
}
