// The town: first-run setup and later edits in 设置.
import { eq } from 'drizzle-orm';
import type { Town, TownInput } from '../../../shared/contract/town';
import { townshipKind } from '../../../shared/rules/regionCode';
import type { ServiceContext } from '../context';
import { AppError, conflict } from '../errors';
import { town as townTable } from '../db/schema';
import { inWrite } from '../db/write';

type ParsedTown = { name: string; code: string } & Partial<Omit<TownInput, 'name' | 'code'>>;

function toTown(row: typeof townTable.$inferSelect): Town {
  return { name: row.name, code: row.code, kind: townshipKind(row.code), createdAt: row.createdAt, updatedAt: row.updatedAt };
}

export function getTown(ctx: ServiceContext): Town | null {
  const row = ctx.ledger.db.select().from(townTable).where(eq(townTable.id, 1)).get();
  return row ? toTown(row) : null;
}

export function requireTown(ctx: ServiceContext): Town {
  const t = getTown(ctx);
  if (!t) throw new AppError('NOT_SET_UP', '尚未设置本乡镇，请先完成初始设置。');
  return t;
}

export function setupTown(ctx: ServiceContext, input: ParsedTown): Town {
  return inWrite(ctx, () => {
    if (getTown(ctx)) throw conflict('本乡镇已经设置过了，如需修改请到「设置」页面。');
    const now = new Date().toISOString();
    ctx.ledger.db.insert(townTable).values({ id: 1, name: input.name, code: input.code, createdAt: now, updatedAt: now }).run();
    return getTown(ctx)!;
  });
}

export function updateTown(ctx: ServiceContext, input: ParsedTown): Town {
  return inWrite(ctx, () => {
    const current = getTown(ctx);
    if (!current) throw new AppError('NOT_SET_UP', '尚未设置本乡镇，请先完成初始设置。');
    ctx.ledger.db
      .update(townTable)
      .set({ name: input.name, code: input.code, updatedAt: new Date().toISOString() })
      .where(eq(townTable.id, 1))
      .run();
    return getTown(ctx)!;
  });
}
