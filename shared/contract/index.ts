// The whole IPC contract: every channel the renderer may call, with its input and output schema.
import type { z } from 'zod';
import type { Result } from '../result';
import { hardenInput } from './harden';
import { backupChannels } from './backup';
import { basemapChannels } from './basemap';
import { auditChannels } from './audit';
import { accountChannels } from './accounts';
import { countyFormChannels } from './countyForms';
import { demoChannels } from './demo';
import { eventChannels } from './events';
import { gridChannels } from './grid';
import { importChannels } from './importing';
import { letterChannels } from './letters';
import { lowIncomeChannels } from './lowIncome';
import { mapChannels } from './map';
import { monthPackageChannels } from './monthPackage';
import { patientChannels } from './patient';
import { releasedChannels } from './released';
import { recordChannels } from './records';
import { reportChannels } from './reports';
import { rulesChannels } from './rules';
import { personChannels } from './people';
import { searchChannels } from './search';
import { systemChannels } from './system';
import { townChannels } from './town';
import { workspaceChannels } from './workspace';
import { visitChannels } from './visits';

const declared = {
  ...systemChannels,
  ...townChannels,
  ...workspaceChannels,
  ...gridChannels,
  ...personChannels,
  ...importChannels,
  ...demoChannels,
  ...releasedChannels,
  ...patientChannels,
  ...lowIncomeChannels,
  ...recordChannels,
  ...rulesChannels,
  ...reportChannels,
  ...monthPackageChannels,
  ...countyFormChannels,
  ...letterChannels,
  ...backupChannels,
  ...searchChannels,
  ...auditChannels,
  ...accountChannels,
  ...mapChannels,
  ...eventChannels,
  ...basemapChannels,
  ...visitChannels,
};

/** The contract as dispatch and the renderer use it: every input hardened once (harden.ts). */
export const contract = Object.fromEntries(
  Object.entries(declared).map(([name, def]) => [name, { ...def, input: hardenInput(def.input, def.long) }]),
) as unknown as typeof declared;

export type Contract = typeof contract;
export type Channel = keyof Contract;
/** What a caller passes (before zod's transforms). */
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
/** What a service receives (after zod's transforms). */
export type ChannelParsed<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;
export type ChannelResult<C extends Channel> = Result<ChannelOutput<C>>;

export const channelNames = Object.keys(contract) as Channel[];
export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** The event a long job sends while it runs. */
export interface ProgressEvent {
  jobId: string;
  done: number;
  total: number;
  stage: string;
}
