/**
 * A deterministic 200-migration history for the generate benchmark: 40 tables, each created by one
 * migration and then altered by four more (columns, an index, a foreign key, a default), plus views.
 * The desired schema is the same objects written in reverse order (so applying it exercises the
 * dependency-order retries) plus a handful of changes for generate to find.
 */
export interface History {
  /** File name → text. */
  readonly migrations: Readonly<Record<string, string>>;
  readonly desired: string;
}

export function history(count = 200): History {
  const migrations: Record<string, string> = {};
  const all: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = Math.floor(i / 5);
    const step = i % 5;
    const id = String(i + 1).padStart(4, '0');
    let sql: string;
    if (step === 0) sql = `create table t${t} (id bigint primary key, name text not null);`;
    else if (step === 1) sql = `alter table t${t} add column created_at timestamptz not null default now();`;
    else if (step === 2) sql = `create index t${t}_name on t${t} (name);`;
    else if (step === 3) sql = t > 0 ? `alter table t${t} add column parent_id bigint references t${t - 1} (id);` : `alter table t${t} add column parent_id bigint;`;
    else sql = `create view v${t} as select id, name from t${t} where name <> '';`;
    migrations[`${id}_step.sql`] = `${sql}\n`;
    all.push(sql);
  }
  const changes = [
    'alter table t3 add column email text;',
    'create index t7_created on t7 (created_at);',
    "alter table t11 alter column name set default 'n/a';",
    'create table audit (id bigint primary key, t0_id bigint references t0 (id), at timestamptz);',
    'create view v_all as select id from t0 union all select id from t1;',
  ];
  return { migrations, desired: `${[...changes, ...all].reverse().join('\n')}\n` };
}
