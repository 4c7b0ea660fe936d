import { keys, type EditKey, type KeyOf } from '../keys.js';

/**
 * Object keys of the model (src/schema/keys.ts). A database's objects are unqualified (schema ''),
 * so two databases of different names compare object by object. Keys of a table's parts share the
 * `constraint` kind, named by what they are.
 */
export const mkeys = {
  rel: (name: string): KeyOf<'relation'> => keys.rel('', name),
  column: (table: string, column: string): KeyOf<'column'> => keys.column('', table, column),
  primaryKey: (table: string): KeyOf<'constraint'> => keys.constraint('', table, 'primary key'),
  index: (table: string, name: string): KeyOf<'constraint'> => keys.constraint('', table, `index ${name}`),
  check: (table: string, name: string): KeyOf<'constraint'> => keys.constraint('', table, `check ${name}`),
  foreignKey: (table: string, name: string): KeyOf<'constraint'> => keys.constraint('', table, `foreign key ${name}`),
  trigger: (table: string, name: string): KeyOf<'trigger'> => keys.trigger('', table, name),
  routine: (type: string, name: string): KeyOf<'function'> => keys.func('', name, type),
  partitioning: (table: string): EditKey => keys.part('partitioning', keys.rel('', table)),
  options: (table: string): EditKey => keys.part('options', keys.rel('', table)),
};
