import type { CliCommand } from '../../cli/run';

export const lowIncomeCommands: CliCommand[] = [];
