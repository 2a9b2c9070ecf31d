// CLI: map import / export / check (issue 11).
import type { CliCommand } from '../cli/run';

export const mapCommands: CliCommand[] = [];
