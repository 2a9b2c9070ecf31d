import type { CliCommand } from '../cli/run';

export const recordCommands: CliCommand[] = [];
