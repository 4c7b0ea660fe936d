// Public API, taking over another tool's history (alembic, dbmate, Flyway, knex, node-pg-migrate, yoyo). Re-exports only.
export { planAdoption, parseAdoptTool, type AdoptPlan } from '../adopt/plan.js';
export { ADOPT_TOOLS, type AdoptTool, type ForeignReader, type ForeignMatch } from '../adopt/reader.js';
