/** Every PostgreSQL rule, in code order. */
import type { PgRule } from '../rule.js';
import { BREAKING_RULES } from './breaking.js';
import { COLUMNS_RULES } from './columns.js';
import { CONSTRAINTS_RULES } from './constraints.js';
import { ENUMS_RULES } from './enums.js';
import { INDEXES_RULES } from './indexes.js';
import { NAMES_RULES } from './names.js';
import { REWRITES_RULES } from './rewrites.js';
import { ROBUST_RULES } from './robust.js';
import { TIMEOUTS_RULES } from './timeouts.js';
import { TRANSACTIONS_RULES } from './transactions.js';
import { TYPES_RULES } from './types.js';
import { VIEWS_RULES } from './views.js';

export const RULES: readonly PgRule[] = [
  ...BREAKING_RULES,
  ...COLUMNS_RULES,
  ...CONSTRAINTS_RULES,
  ...ENUMS_RULES,
  ...INDEXES_RULES,
  ...NAMES_RULES,
  ...REWRITES_RULES,
  ...ROBUST_RULES,
  ...TIMEOUTS_RULES,
  ...TRANSACTIONS_RULES,
  ...TYPES_RULES,
  ...VIEWS_RULES,
  // Codes are ASCII of one shape (PG101): compared as code units, without localeCompare, whose
  // first call builds ICU's collator (~15 ms of a lint run's start).
].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
