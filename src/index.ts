// Public API: re-exports only, one entry per area (src/api/). The CLI imports these entries, the
// heavy ones (schema, lint, declarative) only when a command needs them.
export * from './api/migrations.js';
export * from './api/fleet.js';
export * from './api/adopt.js';
export * from './api/declarative.js';
export * from './api/schema.js';
export * from './api/lint.js';
