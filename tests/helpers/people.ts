// Residents and households for test fixtures, made by the real people services — the same ID checks,
// pinyin keys, household numbers and grid rules as the app — synchronously, inside one write
// transaction as dispatch would open. For fixtures that build many people in plain loops.
import { contract, type ChannelInput } from '../../shared/contract';
import type { ServiceContext } from '../../electron/core/context';
import { createHousehold, createPerson, leavePerson } from '../../electron/core/people/service';

function inWriteTransaction<T>(ctx: ServiceContext, fn: () => T): T {
  return ctx.ledger.sqlite.transaction(fn)();
}

export interface PersonFixture extends Partial<ChannelInput<'person.create'>> {
  idNumber: string;
  name: string;
  /** 迁出 or 死亡 closes the person after registering them (dated leftOn, default the fixture's today). */
  status?: '在册' | '迁出' | '死亡';
  leftOn?: string;
}

/** Registers a person as person.create does; returns their id. */
export function addPerson(ctx: ServiceContext, p: PersonFixture): number {
  const { status = '在册', leftOn, ...fields } = p;
  return inWriteTransaction(ctx, () => {
    const person = createPerson(ctx, contract['person.create'].input.parse(fields));
    if (status !== '在册') leavePerson(ctx, contract['person.leave'].input.parse({ id: person.id, kind: status, date: leftOn ?? ctx.today(), reason: '测试' }));
    return person.id;
  });
}

/** Creates a household as household.create does; returns its id and number. */
export function addHousehold(ctx: ServiceContext, h: ChannelInput<'household.create'>): { id: number; number: string } {
  return inWriteTransaction(ctx, () => {
    const household = createHousehold(ctx, contract['household.create'].input.parse(h));
    return { id: household.id, number: household.number };
  });
}
