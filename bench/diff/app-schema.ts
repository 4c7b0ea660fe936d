/**
 * The schema of a multi-tenant application, generated (deterministic, no randomness), for the
 * "big and real" diff benchmark (app-run.ts): per module an enum, a domain, a sequence, tables with
 * identity, generated and defaulted columns, checks, unique and partial/expression indexes, foreign
 * keys, a range-partitioned table with two partitions, a plpgsql audit trigger on every table, row
 * level security policies on tenant_id, views and a materialized view, SQL and plpgsql functions,
 * comments and grants to two roles. `changes()` is the ~5% edit applied to the restored copy.
 */
export const MODULES = 40;
/** Roles the grants name (created on the server, shared by its databases). */
export const ROLES = ['app_read', 'app_write'] as const;

const TABLES = ['accounts', 'contacts', 'products', 'orders', 'order_lines', 'invoices', 'payments', 'notes'] as const;

function moduleSql(m: number): string[] {
  const s = `m${m}`;
  const out: string[] = [
    `create schema ${s};`,
    `create type ${s}.status as enum ('new', 'active', 'suspended', 'closed');`,
    `create domain ${s}.email as text check (value ~ '^[^@]+@[^@]+$');`,
    `create sequence ${s}.ref_seq as bigint start with 1000 increment by 1;`,
    `create function ${s}.touch() returns trigger language plpgsql as $$ begin new.updated_at := now(); return new; end $$;`,
    `create function ${s}.net(amount numeric, tax numeric) returns numeric language sql immutable as $$ select amount - tax $$;`,
  ];
  for (const [i, t] of TABLES.entries()) {
    const parent = i > 0 ? TABLES[i - 1] : null;
    const cols = [
      'id bigint generated always as identity primary key',
      'tenant_id bigint not null',
      `status ${s}.status not null default 'new'`,
      `ref bigint not null default nextval('${s}.ref_seq')`,
      'name text not null',
      `email ${s}.email`,
      'amount numeric(12,2) not null default 0 check (amount >= 0)',
      'tax numeric(12,2) not null default 0',
      'total numeric(12,2) generated always as (amount + tax) stored',
      "meta jsonb not null default '{}'::jsonb",
      'created_at timestamptz not null default now()',
      'updated_at timestamptz not null default now()',
      ...(parent ? [`${parent}_id bigint references ${s}.${parent} (id) on delete cascade`] : []),
    ];
    out.push(`create table ${s}.${t} (\n  ${cols.join(',\n  ')},\n  unique (tenant_id, ref)\n);`);
    out.push(`create index ${t}_tenant_created_idx on ${s}.${t} (tenant_id, created_at desc);`);
    out.push(`create index ${t}_active_idx on ${s}.${t} (tenant_id) where status = 'active';`);
    out.push(`create index ${t}_lower_name_idx on ${s}.${t} (lower(name));`);
    if (parent) out.push(`create index ${t}_${parent}_idx on ${s}.${t} (${parent}_id);`);
    out.push(`create trigger ${t}_touch before update on ${s}.${t} for each row execute function ${s}.touch();`);
    out.push(`alter table ${s}.${t} enable row level security;`);
    out.push(`create policy ${t}_tenant on ${s}.${t} using (tenant_id = current_setting('app.tenant')::bigint);`);
    out.push(`comment on table ${s}.${t} is '${t} of module ${m}';`);
    out.push(`comment on column ${s}.${t}.tenant_id is 'owning tenant';`);
    out.push(`grant select on ${s}.${t} to app_read;`);
    out.push(`grant select, insert, update, delete on ${s}.${t} to app_write;`);
  }
  out.push(
    `create table ${s}.events (id bigint not null, tenant_id bigint not null, at timestamptz not null, kind text not null, payload jsonb, primary key (id, at)) partition by range (at);`,
    `create table ${s}.events_2025 partition of ${s}.events for values from ('2025-01-01') to ('2026-01-01');`,
    `create table ${s}.events_2026 partition of ${s}.events for values from ('2026-01-01') to ('2027-01-01');`,
    `create index events_tenant_idx on ${s}.events (tenant_id, at);`,
    `create view ${s}.open_orders as select o.id, o.tenant_id, a.name as account, o.total from ${s}.orders o join ${s}.contacts c on c.id = o.products_id join ${s}.accounts a on a.id = c.accounts_id where o.status in ('new', 'active');`,
    `create view ${s}.invoice_totals as select i.tenant_id, count(*) as n, sum(${s}.net(i.amount, i.tax)) as net from ${s}.invoices i group by i.tenant_id;`,
    `create materialized view ${s}.daily_payments as select tenant_id, date_trunc('day', created_at) as day, sum(total) as total from ${s}.payments group by 1, 2;`,
    `create unique index daily_payments_key on ${s}.daily_payments (tenant_id, day);`,
    `create function ${s}.account_count(t bigint) returns bigint language plpgsql stable as $$ begin return (select count(*) from ${s}.accounts where tenant_id = t); end $$;`,
    `grant usage on schema ${s} to app_read, app_write;`,
    `grant select on ${s}.open_orders, ${s}.invoice_totals to app_read;`,
    `comment on view ${s}.open_orders is 'orders not closed';`,
  );
  return out;
}

/** The application's schema: MODULES modules (9 tables, 2 partitions, 2 views, 1 matview, 3 functions each). */
export function appSchema(): string[] {
  const out: string[] = [];
  for (let m = 0; m < MODULES; m++) out.push(...moduleSql(m));
  return out;
}

/**
 * About 5% of the objects changed, as a team's month of migrations would: columns added, dropped,
 * retyped and re-defaulted, an enum value added, a domain check changed, a function body and a
 * view changed, an index redefined, a table dropped and one created, a trigger's timing, a policy,
 * comments and grants changed.
 */
export function changes(): string[] {
  const out: string[] = [];
  for (let m = 0; m < MODULES; m++) {
    const s = `m${m}`;
    if (m % 4 === 0) out.push(`alter table ${s}.notes add column pinned boolean not null default false;`);
    if (m % 5 === 1) out.push(`alter table ${s}.contacts alter column name type varchar(200);`);
    if (m % 5 === 2) out.push(`alter table ${s}.products alter column amount set default 1;`);
    if (m % 8 === 3) out.push(`alter type ${s}.status add value 'archived';`);
    if (m % 10 === 4) out.push(`alter domain ${s}.email drop constraint email_check;`, `alter domain ${s}.email add constraint email_check check (value ~ '^[^@]+@[^@]+\\.[^@]+$');`);
    if (m % 6 === 5) out.push(`create or replace function ${s}.net(amount numeric, tax numeric) returns numeric language sql immutable as $$ select round(amount - tax, 2) $$;`);
    if (m % 7 === 6) out.push(`create or replace view ${s}.open_orders as select o.id, o.tenant_id, a.name as account, o.total, o.created_at from ${s}.orders o join ${s}.contacts c on c.id = o.products_id join ${s}.accounts a on a.id = c.accounts_id where o.status in ('new', 'active');`);
    if (m % 9 === 7) out.push(`drop index ${s}.payments_lower_name_idx;`, `create index payments_lower_name_idx on ${s}.payments (lower(name), tenant_id);`);
    if (m % 20 === 8) out.push(`drop table ${s}.notes;`);
    if (m % 20 === 9) out.push(`create table ${s}.tags (id bigint generated always as identity primary key, tenant_id bigint not null, label text not null unique);`, `grant select on ${s}.tags to app_read;`);
    if (m % 10 === 0) out.push(`drop trigger invoices_touch on ${s}.invoices;`, `create trigger invoices_touch before insert or update on ${s}.invoices for each row execute function ${s}.touch();`);
    if (m % 10 === 1) out.push(`drop policy orders_tenant on ${s}.orders;`, `create policy orders_tenant on ${s}.orders for select using (tenant_id = current_setting('app.tenant')::bigint or current_user = 'app_read');`);
    if (m % 5 === 3) out.push(`comment on table ${s}.orders is 'customer orders';`);
    if (m % 5 === 4) out.push(`revoke delete on ${s}.payments from app_write;`);
    if (m % 10 === 5) out.push(`alter table ${s}.order_lines drop column meta;`);
    if (m % 10 === 6) out.push(`create table ${s}.events_2027 partition of ${s}.events for values from ('2027-01-01') to ('2028-01-01');`);
  }
  return out;
}
