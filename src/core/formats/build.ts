import { ShaleError } from '../../errors.js';
import { checksum } from '../checksum.js';
import type { Migration, MigrationBody, SqlScript } from '../migration.js';
import type { SourceFile } from '../../sources/source.js';
import { readLeadingDirectives, stripBom } from './directives.js';
import { isSectionedText, parseSections } from './sectioned.js';
import type { ModuleLoader } from './module.js';
import { loadModuleMigration } from './module.js';

/** The files that make up one migration within one source. */
export interface FileGroup {
  readonly id: string;
  main?: { file: SourceFile; format: 'sql' | 'updown' | 'flyway' | 'repeatable' | 'module'; version?: string; description?: string };
  rollback?: SourceFile;
}

const script = (sql: string, location: string, transaction: boolean, line = 1): SqlScript => ({ sql, location, line, transaction });
const sqlBody = (scripts: SqlScript[]): MigrationBody => ({ kind: 'sql', scripts });

/** Turn one group of files into a Migration (reads the files). */
export async function buildMigration(group: FileGroup, loadModule: ModuleLoader): Promise<Migration> {
  const main = group.main;
  if (!main) {
    const loc = group.rollback!.location;
    throw new ShaleError('E_PARSE', `${loc}: rollback file has no migration "${group.id}" beside it`, { file: loc, id: group.id });
  }
  const { file, format } = main;
  const text = stripBom(await file.read());
  if (format === 'module') return loadModuleMigration(group.id, file, text, loadModule);
  const downText = group.rollback ? stripBom(await group.rollback.read()) : null;
  const downLoc = group.rollback?.location ?? '';

  if (format === 'sql' && isSectionedText(text)) {
    const sections = parseSections(text, file.location);
    const lead = readLeadingDirectives(text, /^--\s*migrate:/);
    if (downText !== null) throw new ShaleError('E_PARSE', `${downLoc}: a sectioned (-- migrate:up/down) migration cannot also have a rollback file`, { file: downLoc });
    return {
      id: group.id,
      kind: 'versioned',
      format: 'sectioned',
      location: file.location,
      description: lead.description,
      depends: lead.depends,
      up: sqlBody(sections.map((s) => script(s.up.text, file.location, s.up.transaction && lead.transaction, s.up.line))),
      // Down sections run newest first: the last section's down undoes what ran last.
      down: sqlBody(sections.map((s) => script(s.down.text, file.location, s.down.transaction && lead.transaction, s.down.line)).reverse()),
      checksum: checksum(sections.map((s) => s.up.text).join('\n')),
    };
  }
  const lead = readLeadingDirectives(text);
  const downLead = downText === null ? null : readLeadingDirectives(downText);
  const kind = format === 'repeatable' ? 'repeatable' : 'versioned';
  return {
    id: group.id,
    kind,
    format: format === 'repeatable' ? 'flyway' : format,
    location: file.location,
    description: lead.description || main.description || '',
    depends: lead.depends,
    up: sqlBody([script(text, file.location, lead.transaction)]),
    down: downText === null ? null : sqlBody([script(downText, downLoc, downLead!.transaction)]),
    checksum: checksum(text),
    ...(main.version !== undefined ? { version: main.version } : {}),
  };
}
