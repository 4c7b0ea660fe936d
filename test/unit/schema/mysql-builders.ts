// Small builders of MySQL/MariaDB schema models for the planner's unit tests.
import type { Check, Column, Index, Schema, Server, Table } from '../../../src/schema/mysql/index.js';

export const MYSQL_8_0_36: Server = { flavour: 'mysql', version: [8, 0, 36] };
export const MYSQL_8_0_20: Server = { flavour: 'mysql', version: [8, 0, 20] };
export const MYSQL_5_7: Server = { flavour: 'mysql', version: [5, 7, 44] };
export const MARIADB_10_11: Server = { flavour: 'mariadb', version: [10, 11, 6] };
export const MARIADB_10_3: Server = { flavour: 'mariadb', version: [10, 3, 39] };
export const MARIADB_10_2: Server = { flavour: 'mariadb', version: [10, 2, 44] };

export function mcol(name: string, type = 'int', extra: Partial<Column> = {}): Column {
  return { name, type, nullable: true, default: null, onUpdate: null, autoIncrement: false, charset: null, collation: null, generated: null, invisible: false, comment: '', ...extra };
}

export function mindex(name: string, columns: string[], extra: Partial<Index> = {}): Index {
  return { name, unique: false, type: 'btree', parts: columns.map((c) => ({ column: c, expression: null, length: null, descending: false })), comment: '', invisible: false, ...extra };
}

export function mcheck(name: string, expression: string, extra: Partial<Check> = {}): Check {
  return { name, expression, column: null, enforced: true, ...extra };
}

export function mtable(name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return {
    name, engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_general_ci', comment: '', options: [], partitionBy: null, columns,
    primaryKey: [{ column: columns[0]!.name, expression: null, length: null, descending: false }], indexes: [], foreignKeys: [], checks: [], ...extra,
  };
}

export function mschema(server: Server, tables: Table[]): Schema {
  return { dialect: 'mysql', server, tables, views: [], triggers: [], routines: [], unsupported: [] };
}
