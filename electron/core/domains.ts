// The one list of the core's domains. A new domain: its contract file in shared/contract (added to
// shared/contract/index.ts), its folder here with a domain.ts, and one line below. Dispatch takes
// the handlers from this list and the CLI its commands; a channel of the contract that no domain
// answers does not compile.
import type { Channel } from '../../shared/contract';
import { backupDomain } from './backup/domain';
import { basemapDomain } from './basemap/domain';
import { auditDomain } from './audit/domain';
import { accountsDomain } from './accounts/domain';
import { countyFormsDomain } from './countyForms/domain';
import { demoDomain } from './demo/domain';
import type { Handler } from './domain';
import { eventsDomain } from './events/domain';
import { gridsDomain } from './grids/domain';
import { importingDomain } from './importing/domain';
import { lettersDomain } from './letters/domain';
import { mapDomain } from './map/domain';
import { lowIncomeDomain } from './ledgers/lowIncome/domain';
import { monthPackageDomain } from './monthPackage/domain';
import { patientDomain } from './ledgers/patient/domain';
import { releasedDomain } from './ledgers/released/domain';
import { peopleDomain } from './people/domain';
import { recordsDomain } from './records/domain';
import { reportsDomain } from './reports/domain';
import { rulesDomain } from './rules/domain';
import { searchDomain } from './search/domain';
import { systemDomain } from './system/domain';
import { townDomain } from './town/domain';
import { workspaceDomain } from './workspace/domain';
import { visitsDomain } from './visits/domain';

export const domains = [
  townDomain, systemDomain, gridsDomain, peopleDomain, importingDomain, demoDomain, releasedDomain, patientDomain, lowIncomeDomain, recordsDomain, rulesDomain, reportsDomain, monthPackageDomain, searchDomain, workspaceDomain, countyFormsDomain, lettersDomain, accountsDomain, auditDomain, backupDomain, mapDomain, basemapDomain, eventsDomain, visitsDomain,
] as const;

type HandledBy<D> = D extends { handlers: infer H } ? keyof H : never;
type Unanswered = Exclude<Channel, HandledBy<(typeof domains)[number]>>;
/** Fails to compile, naming the channels, when a channel has no handler. */
const everyChannelAnswered: [Unanswered] extends [never] ? true : Unanswered = true;
void everyChannelAnswered;

export const handlers = Object.assign({}, ...domains.map((d) => d.handlers)) as { [C in Channel]: Handler<C> };
