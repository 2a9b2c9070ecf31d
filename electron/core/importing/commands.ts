import type { CliCommand } from '../cli/run';

export const importCommands: CliCommand[] = [];
