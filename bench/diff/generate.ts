/**
 * Generates the large schema for the diff benchmark and a modified copy (about 5% of objects
 * changed): 2,000 tables × 10 columns, 4,000 indexes, 1,000 foreign keys, 300 views, 300 functions.
 * Deterministic (no randomness), so runs are comparable.
 */
export interface GeneratedPair {
  /** Statements, to be run in batches (one transaction for all would exhaust the lock table). */
  readonly a: readonly string[];
  readonly b: readonly string[];
  readonly counts: Readonly<Record<string, number>>;
}

export const SIZE = { tables: 2000, columnsPerTable: 10, indexesPerTable: 2, fks: 1000, views: 300, functions: 300 } as const;

const TYPES = ['integer', 'text', 'bigint', 'timestamptz', 'numeric(12,2)', 'boolean', 'jsonb', 'varchar(100)', 'date'] as const;

function tableSql(i: number, modified: boolean): string[] {
  const t = `t${i}`;
  const cols = [`id bigint primary key`];
  for (let c = 1; c < SIZE.columnsPerTable; c++) {
    let type: string = TYPES[(i + c) % TYPES.length]!;
    // 2% of tables: one column changes type (varchar widened / integer → bigint).
    if (modified && i % 50 === 7 && c === 1) type = type === 'integer' ? 'bigint' : type === 'varchar(100)' ? 'varchar(200)' : type;
    const nn = c % 4 === 0 ? ' not null' : '';
    const def = c % 5 === 0 && type === 'integer' ? ' default 0' : '';
    cols.push(`c${c} ${type}${nn}${def}`);
  }
  if (modified && i % 25 === 3) cols.push('added_col text'); // 4% of tables gain a column
  const out = [`create table s${i % 4}.${t} (\n  ${cols.join(',\n  ')}\n);`];
  out.push(`create index ${t}_c1_idx on s${i % 4}.${t} (c1);`);
  // 2.5% of second indexes change definition
  out.push(`create index ${t}_c2_idx on s${i % 4}.${t} (c2${modified && i % 40 === 11 ? ', c3' : ''});`);
  return out;
}

function generate(modified: boolean): string[] {
  const out: string[] = ['create schema s0; create schema s1; create schema s2; create schema s3;'];
  for (let i = 0; i < SIZE.tables; i++) {
    if (modified && i % 100 === 99) continue; // 1% of tables dropped
    out.push(...tableSql(i, modified));
  }
  if (modified) for (let i = 0; i < 20; i++) out.push(`create table s0.new_t${i} (id bigint primary key, note text);`);
  for (let k = 0; k < SIZE.fks; k++) {
    const from = k * 2 + 1;
    const to = k * 2;
    if (modified && (from % 100 === 99 || to % 100 === 99)) continue;
    if (modified && k % 20 === 5) continue; // 5% of foreign keys removed
    out.push(`alter table s${from % 4}.t${from} add column ref_${to} bigint references s${to % 4}.t${to} (id) on delete cascade;`);
  }
  for (let f = 0; f < SIZE.functions; f++) {
    const body = modified && f % 20 === 0 ? 'x * 3' : 'x * 2';
    out.push(`create function s${f % 4}.fn${f}(x integer) returns integer language sql immutable as $$ select ${body} $$;`);
  }
  for (let v = 0; v < SIZE.views; v++) {
    const t = v * 6 + 2; // never a dropped table (i % 100 == 99 is odd)
    const extra = modified && v % 20 === 1 ? ', c2' : '';
    out.push(`create view s${v % 4}.v${v} as select id, c1${extra}, s${v % 4}.fn${v}(1) as f from s${t % 4}.t${t};`);
  }
  return out;
}

export function generatePair(): GeneratedPair {
  return {
    a: generate(false),
    b: generate(true),
    counts: {
      tables: SIZE.tables,
      columns: SIZE.tables * SIZE.columnsPerTable + SIZE.fks,
      indexes: SIZE.tables * SIZE.indexesPerTable,
      foreignKeys: SIZE.fks,
      views: SIZE.views,
      functions: SIZE.functions,
    },
  };
}
