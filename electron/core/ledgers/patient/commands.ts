import type { CliCommand } from '../../cli/run';

export const patientCommands: CliCommand[] = [];
