import type { CliCommand } from '../../cli/run';

export const releasedCommands: CliCommand[] = [];
