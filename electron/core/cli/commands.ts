// The CLI's commands: each domain's, in the order of electron/core/domains.ts.
import { domains } from '../domains';
import type { CliCommand } from './run';

export const commands: CliCommand[] = domains.flatMap((d) => d.commands);
