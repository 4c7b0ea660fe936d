/** MySQL/MariaDB rules: what an ALTER does to a live InnoDB table (a copy, a rebuild, implicit values) and what breaks clients. */
import type { DdlContext, DdlRule } from '../ddl-lint.js';
import type { Severity } from '../finding.js';
import { sizeVerdict } from '../table-size.js';
import type { MyAction, MyStatement } from './statement.js';

type AlterTable = Extract<MyStatement, { kind: 'alter-table' }>;

/** The ALTER TABLE of an existing table, or null (a table created by the run holds no rows yet). */
function existingAlter(s: MyStatement, ctx: DdlContext): AlterTable | null {
  return s.kind === 'alter-table' && !ctx.isNew(s.table) ? s : null;
}

function actionsOf<K extends MyAction['kind']>(s: AlterTable, kind: K): Extract<MyAction, { kind: K }>[] {
  return s.actions.filter((a): a is Extract<MyAction, { kind: K }> => a.kind === kind);
}

/** A size verdict for a change that may not copy the table: never above a warning. */
function uncertainCopy(v: { severity: Severity; note: string }): { severity: Severity; note: string } {
  return v.severity === 'error' ? { ...v, severity: 'warning' } : v;
}

/** The server is told not to copy: it refuses an ALTER it could only run by copying the table. */
function refusesCopy(s: AlterTable): boolean {
  return s.algorithm === 'INSTANT' || s.algorithm === 'INPLACE' || s.lock === 'NONE';
}

const addingRequiredField: DdlRule<MyStatement> = {
  code: 'MY101',
  rule: 'adding-required-field',
  aliases: [],
  severity: 'warning',
  summary: "Adding a NOT NULL column without a DEFAULT gives the existing rows the type's implicit value (0, '', a zero date), not one you chose.",
  check(s, ctx) {
    const alter = existingAlter(s, ctx);
    if (!alter) return;
    for (const a of actionsOf(alter, 'add-column')) {
      if (!a.notNull || a.hasDefault || a.filled) continue;
      ctx.report({
        message: `adding NOT NULL column ${a.column} to ${alter.table} without a DEFAULT fills the existing rows with the type's implicit value (0, '', or a zero date, which NO_ZERO_DATE then refuses)`,
        hint: 'give the column a DEFAULT, or add it nullable, backfill it, and make it NOT NULL afterwards',
      });
    }
  },
};

const enumSetChange: DdlRule<MyStatement> = {
  code: 'MY102',
  rule: 'enum-set-change',
  aliases: [],
  severity: 'warning',
  summary: 'Changing an ENUM or SET column copies the table (writes blocked) unless the change only appends members at the end.',
  check(s, ctx) {
    const alter = existingAlter(s, ctx);
    if (!alter || refusesCopy(alter)) return;
    // Whether this copies the table is not certain: a big table raises it to a warning, not an error.
    const { severity, note } = uncertainCopy(sizeVerdict(alter.table, ctx.tableSize(alter.table), 'warning'));
    for (const a of actionsOf(alter, 'modify-column').filter((x) => x.enumOrSet)) {
      ctx.report({
        severity,
        message: `changing ENUM/SET column ${a.column} of ${alter.table}${note} copies the table, blocking its writes, unless the change only appends members at the end (and keeps the column's storage size)`,
        hint: 'append new members at the end only, and say ALGORITHM=INSTANT so the server refuses the ALTER rather than copy the table',
      });
    }
  },
};

const modifyColumnRebuilds: DdlRule<MyStatement> = {
  code: 'MY103',
  rule: 'changing-column-type',
  aliases: [],
  severity: 'warning',
  summary: 'MODIFY/CHANGE COLUMN without ALGORITHM/LOCK: a type change copies the table while blocking writes (ALGORITHM=COPY, LOCK=SHARED), other changes may rebuild it.',
  check(s, ctx) {
    const alter = existingAlter(s, ctx);
    if (!alter || refusesCopy(alter)) return;
    // Whether this copies the table is not certain: a big table raises it to a warning, not an error.
    const { severity, note } = uncertainCopy(sizeVerdict(alter.table, ctx.tableSize(alter.table), 'warning'));
    for (const a of actionsOf(alter, 'modify-column').filter((x) => !x.enumOrSet)) {
      ctx.report({
        severity,
        message: `${a.newName ? 'CHANGE' : 'MODIFY'} COLUMN ${a.column} of ${alter.table}${note}: if the type changes, MySQL copies the table and blocks its writes for the whole copy; other changes (NULL, charset) may rebuild it`,
        hint: 'say ALGORITHM=INPLACE, LOCK=NONE (or ALGORITHM=INSTANT): the server then refuses a change it could only make by copying the table; run those with an online schema change tool',
      });
    }
  },
};

const copyingAlter: DdlRule<MyStatement> = {
  code: 'MY104',
  rule: 'copying-alter',
  aliases: [],
  severity: 'error',
  summary: 'An ALTER that can only copy the table (ALGORITHM=COPY, CONVERT TO CHARACTER SET, DROP PRIMARY KEY alone, ADD FOREIGN KEY with foreign_key_checks on) blocks writes for the whole copy.',
  check(s, ctx) {
    const alter = existingAlter(s, ctx);
    if (!alter) return;
    const why: string[] = [];
    if (alter.algorithm === 'COPY') why.push('ALGORITHM=COPY');
    if (actionsOf(alter, 'convert-charset').length > 0) why.push('CONVERT TO CHARACTER SET');
    if (actionsOf(alter, 'drop-primary-key').length > 0 && actionsOf(alter, 'add-primary-key').length === 0) why.push('DROP PRIMARY KEY without ADD PRIMARY KEY');
    if (actionsOf(alter, 'add-foreign-key').length > 0 && ctx.settings.get('foreign_key_checks') !== '0') {
      why.push('ADD FOREIGN KEY with foreign_key_checks on');
    }
    // With ALGORITHM=INPLACE/INSTANT or LOCK=NONE the server refuses these instead of copying.
    if (why.length === 0 || (alter.algorithm !== 'COPY' && refusesCopy(alter))) return;
    const { severity, note } = sizeVerdict(alter.table, ctx.tableSize(alter.table), 'error');
    ctx.report({
      severity,
      message: `${why.join(', ')}: MySQL copies ${alter.table}${note} into a new table and blocks its writes until the copy is done`,
      hint: 'run it with an online schema change tool (gh-ost, pt-online-schema-change) or in a quiet window; a foreign key can be added in place after SET foreign_key_checks = 0',
    });
  },
};

const banDropColumn: DdlRule<MyStatement> = {
  code: 'MY105',
  rule: 'ban-drop-column',
  aliases: ['ban-drop-column'],
  severity: 'error',
  summary: 'Dropping a column of an existing table loses its data and breaks the clients that still use it.',
  check(s, ctx) {
    const alter = existingAlter(s, ctx);
    if (!alter) return;
    for (const a of actionsOf(alter, 'drop-column')) {
      ctx.report({ message: `dropping column ${a.column} of ${alter.table} loses its data and breaks the clients that still read it`, hint: 'stop using the column in the code first, deploy, then drop it in a later migration' });
    }
  },
};

const banDropTable: DdlRule<MyStatement> = {
  code: 'MY106',
  rule: 'ban-drop-table',
  aliases: ['ban-drop-table'],
  severity: 'error',
  summary: 'Dropping an existing table loses its data and breaks the clients that still use it.',
  check(s, ctx) {
    if (s.kind !== 'drop-table' || s.temporary) return;
    for (const t of s.tables.filter((x) => !ctx.isNew(x))) {
      ctx.report({ message: `dropping table ${t} loses its data and breaks the clients that still use it`, hint: 'stop using the table in the code first, deploy, then drop it in a later migration' });
    }
  },
};

const renamingColumn: DdlRule<MyStatement> = {
  code: 'MY107',
  rule: 'renaming-column',
  aliases: ['renaming-column'],
  severity: 'warning',
  summary: 'Renaming a column of an existing table breaks the clients that use the old name.',
  check(s, ctx) {
    const alter = existingAlter(s, ctx);
    if (!alter) return;
    const renames = [
      ...actionsOf(alter, 'rename-column').map((a) => [a.from, a.to] as const),
      ...actionsOf(alter, 'modify-column').flatMap((a) => (a.newName && a.newName.toLowerCase() !== a.column.toLowerCase() ? [[a.column, a.newName] as const] : [])),
    ];
    for (const [from, to] of renames) ctx.report({ message: `renaming column ${alter.table}.${from} to ${to} breaks the clients that use the old name`, hint: 'add the new column, write both, move the readers, then drop the old one' });
  },
};

const renamingTable: DdlRule<MyStatement> = {
  code: 'MY108',
  rule: 'renaming-table',
  aliases: ['renaming-table'],
  severity: 'warning',
  summary: 'Renaming an existing table breaks the clients that use the old name.',
  check(s, ctx) {
    const pairs = s.kind === 'rename-table' ? s.pairs : s.kind === 'alter-table' ? actionsOf(s, 'rename-table').map((a) => [s.table, a.to] as const) : [];
    for (const [from, to] of pairs.filter(([f]) => !ctx.isNew(f))) {
      ctx.report({ message: `renaming table ${from} to ${to} breaks the clients that use the old name`, hint: 'create a view with the old name for the clients that still use it, or rename in a release of its own' });
    }
  },
};

/** The MySQL rules, in code order. */
export const MYSQL_RULES: readonly DdlRule<MyStatement>[] = [addingRequiredField, enumSetChange, modifyColumnRebuilds, copyingAlter, banDropColumn, banDropTable, renamingColumn, renamingTable];
