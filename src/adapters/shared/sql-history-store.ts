import { ShaleError } from '../../errors.js';
import type { Queryable } from '../adapter.js';
import { RECORDING_OPERATIONS, type AppliedRecord, type HistoryStore, type LogEntry, type NewLogEntry, type Progress, type Recording } from '../../core/history.js';

/** The few things that differ between dialects for the state tables. */
export interface HistoryDialect {
  /** Quote a (possibly schema-qualified) table name. */
  table(name: string): string;
  quote(ident: string): string;
  param(index: number): string;
  readonly types: { readonly id: string; readonly text: string; readonly int: string; readonly timestamp: string; readonly seqKey: string };
  /** SQL returning one row when table `name` exists. Params: [name]. */
  tableExists(name: string): { sql: string; params: unknown[] };
  /** SQL returning one row when table `table` has column `column`. */
  columnExists(table: string, column: string): { sql: string; params: unknown[] };
  timestampValue(iso: string): unknown;
  /** Join two inserts into one statement (PostgreSQL: a data-modifying CTE); absent: two queries. */
  combine?(first: string, second: string): string;
  /** Clause appended to the insert of a record so it replaces an existing row with the same id. */
  upsert(quotedColumns: readonly string[]): string;
  readTimestamp(v: unknown): string;
  /** Select a timestamp column as ISO-8601 UTC text on the server (cheaper than parsing 10,000 dates). */
  selectTimestamp?(quotedColumn: string): string;
}

/**
 * What a store runs its SQL on. `write`, where given, takes the writes whose result is not needed
 * (inserts, upserts, deletes): inside a transaction an adapter may hold them back to send with the
 * COMMIT. Reads and checked updates always go through `query`, after any held-back write.
 */
export interface HistoryConnection extends Queryable {
  write?(sql: string, params: readonly unknown[]): Promise<void>;
}

/** Column order of the state tables' inserts. */
const RECORD_COLUMNS = ['id', 'checksum', 'kind', 'applied_at', 'applied_by', 'host', 'duration_ms', 'statements_total', 'statements_done', 'status', 'error', 'statements_started'];
/** Added to `<prefix>migrations` after its first release (tables of older versions get it in `ensure`). */
const STARTED = 'statements_started';
const LOG_COLUMNS = ['id', 'operation', 'at', 'user', 'host', 'pid', 'duration_ms', 'error'];

/** The placeholder of a value (numbered from `first`). */
type Render = (value: unknown, index: number) => string;

/**
 * State tables in plain SQL over any {@link Queryable}; each dialect's history-store.ts supplies the
 * {@link HistoryDialect}. Names are validated before use (see `validateTablePrefix`).
 */
export class SqlHistoryStore implements HistoryStore {
  readonly tables: { readonly migrations: string; readonly log: string };
  private readonly raw: { readonly migrations: string; readonly log: string };
  /** Whether the migrations table has {@link STARTED}; read once (tables of older versions lack it until `ensure`). */
  private hasStarted: boolean | undefined;

  constructor(
    private readonly db: HistoryConnection,
    private readonly d: HistoryDialect,
    prefix: string,
  ) {
    this.raw = { migrations: `${prefix}migrations`, log: `${prefix}log` };
    this.tables = { migrations: d.table(this.raw.migrations), log: d.table(this.raw.log) };
  }

  async ensure(): Promise<void> {
    this.hasStarted = undefined;
    // Both tables are checked: a process killed between the two creates leaves only the first.
    if (!(await this.tableExists(this.raw.migrations)) || !(await this.tableExists(this.raw.log))) await this.create();
    await this.upgrade();
  }

  private async create(): Promise<void> {
    const { types: t, quote: q } = this.d;
    await this.db.query(
      `create table if not exists ${this.tables.migrations} (` +
        `${q('id')} ${t.id} primary key, ${q('checksum')} ${t.text} not null, ${q('kind')} ${t.text} not null, ` +
        `${q('applied_at')} ${t.timestamp} not null, ${q('applied_by')} ${t.text} not null, ${q('host')} ${t.text} not null, ` +
        `${q('duration_ms')} ${t.int} not null, ${q('statements_total')} ${t.int} not null, ` +
        `${q('statements_done')} ${t.int} not null, ${q('status')} ${t.text} not null, ${q('error')} ${t.text}, ${q(STARTED)} ${t.int})`,
    );
    await this.db.query(
      `create table if not exists ${this.tables.log} (` +
        `${q('seq')} ${t.seqKey}, ${q('id')} ${t.id} not null, ${q('operation')} ${t.text} not null, ` +
        `${q('at')} ${t.timestamp} not null, ${q('user')} ${t.text} not null, ${q('host')} ${t.text} not null, ` +
        `${q('pid')} ${t.int} not null, ${q('duration_ms')} ${t.int}, ${q('error')} ${t.text})`,
    );
  }

  /** Versioned upgrade of tables an older shale created: add {@link STARTED} (null reads as `statements_done`). */
  private async upgrade(): Promise<void> {
    if (await this.startedColumn()) return;
    await this.db.query(`alter table ${this.tables.migrations} add column ${this.d.quote(STARTED)} ${this.d.types.int}`);
    this.hasStarted = true;
  }

  private async startedColumn(): Promise<boolean> {
    if (this.hasStarted === undefined) {
      const { sql, params } = this.d.columnExists(this.raw.migrations, STARTED);
      this.hasStarted = (await this.db.query(sql, params)).rows.length > 0;
    }
    return this.hasStarted;
  }

  async exists(): Promise<boolean> {
    return this.tableExists(this.raw.migrations);
  }

  private async tableExists(name: string): Promise<boolean> {
    const { sql, params } = this.d.tableExists(name);
    return (await this.db.query(sql, params)).rows.length > 0;
  }

  async list(): Promise<AppliedRecord[]> {
    const cols = (await this.startedColumn()) ? RECORD_COLUMNS : RECORD_COLUMNS.filter((c) => c !== STARTED);
    const r = await this.db.query(`select ${this.selectList(cols, 'applied_at')} from ${this.tables.migrations}`);
    return r.rows.map((row) => ({
      id: String(row['id']),
      checksum: String(row['checksum']),
      kind: row['kind'] === 'repeatable' ? 'repeatable' : 'versioned',
      appliedAt: this.d.readTimestamp(row['applied_at']),
      appliedBy: String(row['applied_by']),
      host: String(row['host']),
      durationMs: Number(row['duration_ms']),
      statementsTotal: Number(row['statements_total']),
      statementsDone: Number(row['statements_done']),
      statementsStarted: started(row),
      status: row['status'] === 'partial' ? 'partial' : 'applied',
      error: row['error'] == null ? null : String(row['error']),
    }));
  }

  private selectList(cols: readonly string[], timestamp: string): string {
    const { quote: q, selectTimestamp } = this.d;
    return cols.map((c) => (c === timestamp && selectTimestamp ? `${selectTimestamp(q(c))} as ${q(c)}` : q(c))).join(', ');
  }

  private async write(sql: string, params: readonly unknown[]): Promise<void> {
    if (this.db.write) await this.db.write(sql, params);
    else await this.db.query(sql, params);
  }

  async save(rec: AppliedRecord): Promise<void> {
    const { sql, params } = this.saveStatement(rec, 1);
    await this.write(sql, params);
  }

  async saveAndLog(rec: AppliedRecord, entry: NewLogEntry): Promise<void> {
    if (this.d.combine) {
      const save = this.saveStatement(rec, 1);
      const log = this.logStatement(entry, save.params.length + 1);
      await this.write(this.d.combine(save.sql, log.sql), [...save.params, ...log.params]);
      return;
    }
    await this.save(rec);
    await this.log(entry);
  }

  private insert(table: string, cols: readonly string[], values: readonly unknown[], render: Render): string {
    return `insert into ${table} (${cols.map(this.d.quote).join(', ')}) values (${values.map(render).join(', ')})`;
  }

  private placeholders(first: number): Render {
    return (_, i) => this.d.param(first + i);
  }

  private recordValues(rec: AppliedRecord): unknown[] {
    return [
      rec.id,
      rec.checksum,
      rec.kind,
      this.d.timestampValue(rec.appliedAt),
      rec.appliedBy,
      rec.host,
      Math.round(rec.durationMs),
      rec.statementsTotal,
      rec.statementsDone,
      rec.status,
      rec.error,
      rec.statementsStarted,
    ];
  }

  private logValues(e: NewLogEntry): unknown[] {
    return [e.id, e.operation, this.d.timestampValue(new Date().toISOString()), e.user, e.host, e.pid, e.durationMs == null ? null : Math.round(e.durationMs), e.error];
  }

  /** The upsert of a record, with placeholders numbered from `first`. */
  protected saveStatement(rec: AppliedRecord, first: number): { sql: string; params: unknown[] } {
    const params = this.recordValues(rec);
    const sql = `${this.insert(this.tables.migrations, RECORD_COLUMNS, params, this.placeholders(first))} ${this.upsertClause()}`;
    return { sql, params };
  }

  private upsertClause(): string {
    return this.d.upsert(RECORD_COLUMNS.slice(1).map(this.d.quote));
  }

  async progress(id: string, pr: Progress): Promise<void> {
    const { quote: q, param: p } = this.d;
    const sql = `update ${this.tables.migrations} set ${q('statements_done')} = ${p(1)}, ${q(STARTED)} = ${p(2)}, ${q('error')} = ${p(3)} where ${q('id')} = ${p(4)}`;
    const r = await this.db.query(sql, [pr.done, pr.started, pr.error, id]);
    // A journal update that finds no row would let the record say less than what ran.
    if (r.rowCount === 0) throw new ShaleError('E_SQL', `the state row of ${id} in ${this.tables.migrations} is gone: the journal cannot record progress`, { id });
  }

  async remove(id: string): Promise<void> {
    await this.write(`delete from ${this.tables.migrations} where ${this.d.quote('id')} = ${this.d.param(1)}`, [id]);
  }

  async log(e: NewLogEntry): Promise<void> {
    const { sql, params } = this.logStatement(e, 1);
    await this.write(sql, params);
  }

  protected logStatement(e: NewLogEntry, first: number): { sql: string; params: unknown[] } {
    const params = this.logValues(e);
    return { sql: this.insert(this.tables.log, LOG_COLUMNS, params, this.placeholders(first)), params };
  }

  async entries(opts: { readonly limit?: number } = {}): Promise<LogEntry[]> {
    const q = this.d.quote;
    const cols = ['seq', 'id', 'operation', 'at', 'user', 'host', 'pid', 'duration_ms', 'error'];
    // With a limit, the newest rows are read (descending) and returned oldest first.
    const limit = opts.limit !== undefined ? ` desc limit ${Math.max(0, Math.floor(opts.limit))}` : '';
    const r = await this.db.query(`select ${this.selectList(cols, 'at')} from ${this.tables.log} order by ${q('seq')}${limit}`);
    const rows = limit ? r.rows.reverse() : r.rows;
    return rows.map((row) => ({
      seq: Number(row['seq']),
      id: String(row['id']),
      operation: String(row['operation']) as LogEntry['operation'],
      at: this.d.readTimestamp(row['at']),
      user: String(row['user']),
      host: String(row['host']),
      pid: Number(row['pid']),
      durationMs: row['duration_ms'] == null ? null : Number(row['duration_ms']),
      error: row['error'] == null ? null : String(row['error']),
    }));
  }

  async recordings(): Promise<Recording[]> {
    const { quote: q, param } = this.d;
    const ops = RECORDING_OPERATIONS.map((_, i) => param(i + 1)).join(', ');
    // The latest recording row of each id (seq is the log's key), kept only when it is not an apply.
    const sql =
      `select l.${q('id')}, l.${q('operation')} from ${this.tables.log} l ` +
      `join (select max(${q('seq')}) as ${q('seq')} from ${this.tables.log} where ${q('operation')} in (${ops}) group by ${q('id')}) latest on latest.${q('seq')} = l.${q('seq')} ` +
      `where l.${q('operation')} <> ${param(RECORDING_OPERATIONS.length + 1)}`;
    const r = await this.db.query(sql, [...RECORDING_OPERATIONS, 'apply']);
    return r.rows.map((row) => ({ id: String(row['id']), operation: String(row['operation']) as Recording['operation'] }));
  }
}

/**
 * `statements_started` of a row. A partial row without it, no error and statements left was written
 * by a shale before the exact journal and stopped by a kill: the server may have finished the
 * statement that was running, so that statement is in doubt.
 */
function started(row: Record<string, unknown>): number {
  const done = Number(row['statements_done']);
  if (row[STARTED] != null) return Number(row[STARTED]);
  const interrupted = row['status'] === 'partial' && row['error'] == null && done < Number(row['statements_total']);
  return interrupted ? done + 1 : done;
}

/** `on conflict (id) do update …`: PostgreSQL and SQLite. */
export function onConflictUpdate(idColumn: string): (cols: readonly string[]) => string {
  return (cols) => `on conflict (${idColumn}) do update set ${cols.map((c) => `${c} = excluded.${c}`).join(', ')}`;
}

const PREFIX_RE = /^[A-Za-z_][A-Za-z0-9_]{0,40}$/;

/** Table prefixes are validated (and quoted anyway) so a config value can never inject SQL. */
export function isValidTablePrefix(prefix: string): boolean {
  // An empty prefix is refused: the state tables would be `migrations` and `log`, names users have.
  return PREFIX_RE.test(prefix);
}
