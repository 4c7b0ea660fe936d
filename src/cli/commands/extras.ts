import type { Command } from 'commander';

/** Commands from other parts of shale (diff, graph, fleet, …) register here. */
export function registerExtras(_program: Command): void {}
