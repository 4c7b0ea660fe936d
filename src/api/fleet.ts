// Public API, many databases at once: fleets, the coordinator, target lists. Re-exports only.
export { createFleet, Fleet, DEFAULT_FLEET_CONCURRENCY, type FleetOptions } from '../fleet/fleet.js';
export { FleetEmitter, type FleetEvents, type FleetEventName } from '../fleet/fleet-events.js';
export type { FleetReport, FleetSummary, TargetResult, TargetStatus, CoordinatorSummary } from '../fleet/report.js';
export { Coordinator, DEFAULT_LEASE_MS, targetKey, type CoordinatorOptions } from '../fleet/coordinator.js';
export { parseTargetsFile, readTargetsFile, expandTargetArgs, queryTargets, isDatabaseUrl } from '../fleet/targets.js';
export { displayTarget, type FleetOperation } from '../fleet/run-target.js';
