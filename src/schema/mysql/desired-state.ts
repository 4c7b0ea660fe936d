import { messageOf } from '../../errors.js';
import type { DesiredStateSupport } from '../dialect.js';

/**
 * Server error numbers meaning "something this statement needs does not exist yet": retried after
 * the others. ER_NO_SUCH_TABLE, ER_FK_CANNOT_OPEN_PARENT, ER_CANT_CREATE_TABLE (MariaDB's errno 150
 * for a foreign key to a missing table), ER_CANNOT_ADD_FOREIGN, ER_SP_DOES_NOT_EXIST,
 * ER_VIEW_INVALID, ER_BAD_FIELD_ERROR (an ALTER naming a column a later statement adds),
 * ER_FK_NO_INDEX_PARENT.
 */
export const RETRYABLE_ERRNOS: ReadonlySet<number> = new Set([1146, 1824, 1005, 1215, 1305, 1356, 1054, 1822]);

/** Object kind after CREATE → first guess at its place among desired-state DDL (others: 9). */
const KIND_RANK: Record<string, number> = { TABLE: 5, FUNCTION: 4, PROCEDURE: 4, INDEX: 7, VIEW: 8, TRIGGER: 9, EVENT: 9 };

const CREATE = /^\s*create\s+(?:or\s+replace\s+)?(?:(?:temporary|unique|fulltext|spatial|sql\s+security\s+\w+|algorithm\s*=\s*\w+|definer\s*=\s*(?:`[^`]*`|'[^']*'|\S+?)@(?:`[^`]*`|'[^']*'|\S+))\s+)*(table|view|index|trigger|procedure|function|event)\s+(?:if\s+not\s+exists\s+)?((?:`(?:[^`]|``)+`|[\w$]+)(?:\s*\.\s*(?:`(?:[^`]|``)+`|[\w$]+))?)/i;

function unquote(name: string): string {
  const last = name.match(/`(?:[^`]|``)+`|[\w$]+/g)?.pop() ?? name;
  return last.startsWith('`') ? last.slice(1, -1).replace(/``/g, '`') : last;
}

function errnoOf(e: unknown): number | undefined {
  const n = (e as { errno?: unknown } | null)?.errno;
  return typeof n === 'number' ? n : undefined;
}

/** What applying MySQL/MariaDB desired-state DDL needs: routines and tables before indexes, views and triggers as a first guess. */
export const mysqlDesiredState: DesiredStateSupport = {
  async ranks(sqls) {
    return sqls.map((sql) => {
      const m = CREATE.exec(sql);
      if (m) return KIND_RANK[m[1]!.toUpperCase()] ?? 9;
      return /^\s*alter\s+table/i.test(sql) ? 6 : 9;
    });
  },
  isRetryable(error) {
    const n = errnoOf(error);
    return n !== undefined && RETRYABLE_ERRNOS.has(n);
  },
  async createdNames(sqls) {
    return sqls.map((sql) => {
      const m = CREATE.exec(sql);
      return m ? unquote(m[2]!) : null;
    });
  },
  // `Table 'db.t' doesn't exist` → `t`; `Failed to open the referenced table 't'` → `t`; `FUNCTION db.f does not exist` → `f`.
  missingName(error) {
    const message = messageOf(error);
    const quoted = /(?:Table|table) '([^']+)'/.exec(message) ?? /'([^']+)'/.exec(message);
    if (quoted?.[1] !== undefined) return quoted[1].split('.').pop() ?? null;
    const routine = /(?:FUNCTION|PROCEDURE) (\S+) does not exist/.exec(message);
    return routine?.[1] !== undefined ? (routine[1].split('.').pop() ?? null) : null;
  },
};
