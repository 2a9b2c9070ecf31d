import type { CliCommand } from '../cli/run';

export const personCommands: CliCommand[] = [];
