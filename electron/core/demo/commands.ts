import type { CliCommand } from '../cli/run';

export const demoCommands: CliCommand[] = [];
