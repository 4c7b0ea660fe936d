import type { Queryable } from '../../adapters/adapter.js';
import { quoteIdent, quoteQualified } from '../../adapters/mysql/quote.js';
import type { Routine, Trigger, UnsupportedObject, View } from './model.js';
import { num, rowsOf, str, text } from './introspect-rows.js';

/** `` `db`. `` as the server qualifies names in stored view definitions. */
function qualifier(database: string): string {
  return `${quoteIdent(database)}.`;
}

/** The relations of this database a stored view definition names (`` `db`.`t` ``). */
function readsOf(definition: string, database: string): string[] {
  const q = qualifier(database).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const names = new Set<string>();
  for (const m of definition.matchAll(new RegExp(`${q}\`((?:[^\`]|\`\`)+)\``, 'g'))) names.add(m[1]!.replace(/``/g, '`'));
  return [...names].sort();
}

export async function readViews(db: Queryable, database: string): Promise<View[]> {
  const rows = await rowsOf(db, 'select * from information_schema.VIEWS where TABLE_SCHEMA = ? order by TABLE_NAME', [database]);
  return rows.map((r) => {
    const stored = str(r, 'VIEW_DEFINITION');
    const name = str(r, 'TABLE_NAME');
    return {
      name,
      // Unqualified, so two databases of different names compare equal and the view is created in the target's.
      definition: stored.split(qualifier(database)).join(''),
      checkOption: (str(r, 'CHECK_OPTION') || 'NONE') as View['checkOption'],
      algorithm: str(r, 'ALGORITHM') === 'MERGE' || str(r, 'ALGORITHM') === 'TEMPTABLE' ? (str(r, 'ALGORITHM') as View['algorithm']) : null,
      security: (str(r, 'SECURITY_TYPE') || 'DEFINER') as View['security'],
      reads: readsOf(stored, database).filter((t) => t !== name),
    };
  });
}

export async function readTriggers(db: Queryable, database: string): Promise<Trigger[]> {
  const rows = await rowsOf(db, 'select * from information_schema.TRIGGERS where TRIGGER_SCHEMA = ? order by EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER', [database]);
  return rows.map((r) => ({
    name: str(r, 'TRIGGER_NAME'),
    table: str(r, 'EVENT_OBJECT_TABLE'),
    timing: str(r, 'ACTION_TIMING') as Trigger['timing'],
    event: str(r, 'EVENT_MANIPULATION') as Trigger['event'],
    order: num(r, 'ACTION_ORDER') ?? 1,
    body: str(r, 'ACTION_STATEMENT'),
  }));
}

/** `CREATE DEFINER=`u`@`h` PROCEDURE …` → `CREATE PROCEDURE …`: routines are created as whoever applies the plan. */
function withoutDefiner(sql: string): string {
  return sql.replace(/^(CREATE\s+)DEFINER\s*=\s*(?:`(?:[^`]|``)*`|'[^']*'|\S+?)@(?:`(?:[^`]|``)*`|'[^']*'|\S+)\s+/i, '$1');
}

/** Stored procedures and functions; MariaDB packages are unsupported. */
export async function readRoutines(db: Queryable, database: string, unsupported: UnsupportedObject[]): Promise<Routine[]> {
  const rows = await rowsOf(db, 'select * from information_schema.ROUTINES where ROUTINE_SCHEMA = ? order by ROUTINE_TYPE, ROUTINE_NAME', [database]);
  const out: Routine[] = [];
  for (const r of rows) {
    const name = str(r, 'ROUTINE_NAME');
    const type = str(r, 'ROUTINE_TYPE');
    if (type !== 'PROCEDURE' && type !== 'FUNCTION') {
      unsupported.push({ kind: type.toLowerCase(), name });
      continue;
    }
    const shown = await rowsOf(db, `show create ${type.toLowerCase()} ${quoteQualified(database, name)}`, []);
    const definition = shown[0] ? text(shown[0], type === 'PROCEDURE' ? 'CREATE PROCEDURE' : 'CREATE FUNCTION') : null;
    if (definition === null) {
      // Without the privilege to read the body, the routine cannot be compared.
      unsupported.push({ kind: `${type.toLowerCase()} (body not readable)`, name });
      continue;
    }
    out.push({ name, type, definition: withoutDefiner(definition) });
  }
  return out;
}

/** Objects shale does not model: events. */
export async function readUnsupported(db: Queryable, database: string): Promise<UnsupportedObject[]> {
  const events = await rowsOf(db, 'select * from information_schema.EVENTS where EVENT_SCHEMA = ? order by EVENT_NAME', [database]);
  return events.map((r) => ({ kind: 'event', name: str(r, 'EVENT_NAME') }));
}
