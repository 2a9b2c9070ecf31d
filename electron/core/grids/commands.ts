import type { CliCommand } from '../cli/run';

export const gridCommands: CliCommand[] = [];
