/**
 * Validated `CHECK (col IS NOT NULL)` constraints seen so far: since PostgreSQL 12, `SET NOT NULL`
 * skips its full-table scan when one proves the column has no NULLs.
 */
import { asNode, type AstNode, list, names, type RelName } from './ast.js';
import { keyColumns, type AlterCommand } from './table-alter.js';

/** The columns a constraint proves NOT NULL (`CHECK (a IS NOT NULL AND b IS NOT NULL)`, PG 18 `NOT NULL a`). */
export function notNullColumns(constraint: AstNode): string[] {
  if (constraint['contype'] === 'CONSTR_NOTNULL') return keyColumns(constraint);
  if (constraint['contype'] !== 'CONSTR_CHECK') return [];
  return provenColumns(constraint['raw_expr']);
}

function provenColumns(expr: unknown): string[] {
  const test = asNode(expr, 'NullTest');
  if (test) {
    const fields = names(asNode(test['arg'], 'ColumnRef')?.['fields']);
    return test['nulltesttype'] === 'IS_NOT_NULL' && fields.length > 0 ? [fields[fields.length - 1]!] : [];
  }
  const bool = asNode(expr, 'BoolExpr');
  return bool?.['boolop'] === 'AND_EXPR' ? list(bool['args']).flatMap(provenColumns) : [];
}

/** A validated constraint: the columns it proves, or null when shale never saw its definition. */
interface Proof {
  readonly name: string | undefined;
  readonly columns: readonly string[] | null;
}

/** What `ALTER TABLE`s of the script (in order) proved about NULLs, table by table. */
export class NotNullProofs {
  /** `NOT VALID` constraints by table and name: the columns they will prove once validated. */
  readonly #pending = new Map<string, Map<string, string[]>>();
  readonly #proven = new Map<string, Proof[]>();

  /** Take in one subcommand of an `ALTER TABLE` on `table`. */
  observe(table: RelName, cmd: AlterCommand): void {
    if (cmd.subtype === 'AT_AddConstraint' && cmd.defType === 'Constraint') {
      // Every NOT VALID constraint is remembered, so validating one that proves nothing proves nothing.
      const columns = notNullColumns(cmd.def);
      const name = cmd.def['conname'] as string | undefined;
      if (cmd.def['skip_validation'] === true) {
        if (name) this.#pendingOf(table).set(name, columns);
      } else if (columns.length > 0) this.#prove(table, { name, columns });
    } else if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name) {
      // A constraint added before this script: its definition is not known, so it may be the proof.
      this.#prove(table, { name: cmd.name, columns: this.#pendingOf(table).get(cmd.name) ?? null });
    } else if (cmd.subtype === 'AT_DropConstraint' && cmd.name) {
      const proofs = this.#proven.get(table.name) ?? [];
      this.#proven.set(table.name, proofs.filter((p) => p.name !== cmd.name));
      this.#pendingOf(table).delete(cmd.name);
    }
  }

  /** Whether a validated constraint seen so far proves (or, its definition unseen, may prove) `column` has no NULLs. */
  covers(table: RelName, column: string): boolean {
    return (this.#proven.get(table.name) ?? []).some((p) => p.columns === null || p.columns.includes(column));
  }

  #prove(table: RelName, proof: Proof): void {
    this.#proven.set(table.name, [...(this.#proven.get(table.name) ?? []), proof]);
  }

  #pendingOf(table: RelName): Map<string, string[]> {
    const pending = this.#pending.get(table.name) ?? new Map<string, string[]>();
    this.#pending.set(table.name, pending);
    return pending;
  }
}
