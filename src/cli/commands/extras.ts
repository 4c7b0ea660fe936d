import type { Command } from 'commander';
import { registerDiff } from './diff.js';
import { registerAdopt } from './adopt.js';
import { registerGraph } from './graph.js';
import { registerFleet } from './fleet.js';
import { registerDeclarative } from './declarative.js';
import { registerDrift } from './drift.js';

/** Commands from other parts of shale (diff, graph, fleet, …) register here. */
export function registerExtras(program: Command): void {
  registerDiff(program);
  registerGraph(program);
  registerAdopt(program);
  registerFleet(program);
  registerDeclarative(program);
  registerDrift(program);
}
