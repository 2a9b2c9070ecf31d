// Consistency checks over the ledgers: things that are stored but should not be so, shown as a list to fix.
//
// Decisions where the docs are silent:
// - 无网格 covers a grid that has been closed (撤销) as well as none; 低保 looks at the household's grid.
// - 保障对象已离开: one item per 在保 household listing every covered member who has 迁出 or 死亡.
// - 帮教小组为空 is checked for persons on the register (在册帮教, 脱管); before the 衔接 there is no team yet.
// - 日期顺序错误 is checked on every entry, open or closed: 报到/安置 before 释放, 衔接 before 通知书, 帮教记录 before
//   释放, 随访/肇事肇祸 after 建档 only, 初次发病 after 建档, 复核/退出 before 确认, 公示 ending after 确认.
import type { CheckItem } from '../../../shared/contract/records';
import type { ServiceContext } from '../context';
import { PATIENT_OPEN, RELEASED_OPEN, HEAD_NAME_SQL, sqlList } from './entries';
import { statement } from '../db/statements';

const ORDER: CheckItem['kind'][] = ['无网格', '保障对象已离开', '监护人已离开', '帮教小组为空', '日期顺序错误'];

interface PersonRow {
  entryId: number;
  residentId: number;
  name: string;
  idNumber: string;
}

export function listChecks(ctx: ServiceContext): CheckItem[] {
  const db = ctx.ledger.sqlite;
  const items: CheckItem[] = [];
  const who = (p: { name: string; idNumber: string }) => `${p.name}（${p.idNumber}）`;

  // ───── 无网格
  const noGrid = (ledger: 'released' | 'patient', table: string, open: readonly string[], word: string) => {
    const rows = statement(db,
        `select e.id as entryId, r.id as residentId, r.name, r.id_number as idNumber, g.name as gridName, g.closed_on as closedOn
         from ${table} e join resident r on r.id = e.resident_id left join grid g on g.id = r.grid_id
         where e.status in (${sqlList(open)}) and (r.grid_id is null or g.closed_on is not null) order by r.name, e.id`,
      )
      .all() as (PersonRow & { gridName: string | null; closedOn: string | null })[];
    for (const r of rows) {
      const why = r.gridName ? `所属网格「${r.gridName}」已于 ${r.closedOn} 撤销` : '没有所属网格';
      items.push({
        kind: '无网格', ledger, entryId: r.entryId, residentId: r.residentId, name: r.name,
        message: `${word}${who(r)}${why}，待办和报表无法归到村（社区），请在人员信息中指定网格`,
      });
    }
  };
  noGrid('released', 'released_person', RELEASED_OPEN, '刑满释放人员');
  noGrid('patient', 'patient', PATIENT_OPEN, '严重精神障碍患者');
  for (const r of statement(db,
      `select e.id as entryId, h.number, ${HEAD_NAME_SQL} as headName, g.name as gridName, g.closed_on as closedOn
       from low_income e join household h on h.id = e.household_id left join grid g on g.id = h.grid_id
       where e.status = '在保' and (h.grid_id is null or g.closed_on is not null) order by h.number`,
    )
    .all() as { entryId: number; number: string; headName: string | null; gridName: string | null; closedOn: string | null }[]) {
    const name = r.headName ?? `户号 ${r.number}`;
    const why = r.gridName ? `所属网格「${r.gridName}」已于 ${r.closedOn} 撤销` : '没有所属网格';
    items.push({
      kind: '无网格', ledger: 'lowIncome', entryId: r.entryId, residentId: null, name,
      message: `低保户 ${name}（户号 ${r.number}）${why}，请在住户信息中指定网格`,
    });
  }

  // ───── 保障对象已离开
  const leftMembers = statement(db,
      `select e.id as entryId, h.number, ${HEAD_NAME_SQL} as headName, r.id as residentId, r.name, r.status, r.left_on as leftOn,
         (select count(*) from low_income_member m2 where m2.low_income_id = e.id) as covered
       from low_income e join household h on h.id = e.household_id join low_income_member m on m.low_income_id = e.id join resident r on r.id = m.resident_id
       where e.status = '在保' and r.status in ('迁出', '死亡') order by e.id, r.id`,
    )
    .all() as { entryId: number; number: string; headName: string | null; residentId: number; name: string; status: string; leftOn: string | null; covered: number }[];
  const byEntry = new Map<number, typeof leftMembers>();
  for (const m of leftMembers) byEntry.set(m.entryId, [...(byEntry.get(m.entryId) ?? []), m]);
  for (const [entryId, members] of byEntry) {
    const first = members[0]!;
    const household = first.headName ? `${first.headName}户（户号 ${first.number}）` : `户号 ${first.number}`;
    const list = members.map((m) => `${m.name}（${m.leftOn ? `${m.leftOn} ` : ''}${m.status}）`).join('、');
    const all = members.length >= first.covered;
    items.push({
      kind: '保障对象已离开', ledger: 'lowIncome', entryId, residentId: members.length === 1 ? first.residentId : null, name: first.headName ?? household,
      message: all
        ? `低保户 ${household}的保障对象已全部离开：${list}，仍为在保状态，请办理停保`
        : `低保户 ${household}的保障对象${list}已离开，请复核保障人数和月保障金额`,
    });
  }

  // ───── 监护人已离开
  for (const r of statement(db,
      `select e.id as entryId, p.id as residentId, p.name, p.id_number as idNumber, g.name as guardianName, g.status, g.left_on as leftOn
       from patient e join resident p on p.id = e.resident_id join resident g on g.id = e.guardian_resident_id
       where e.status in (${sqlList(PATIENT_OPEN)}) and g.status <> '在册' order by p.name, e.id`,
    )
    .all() as (PersonRow & { guardianName: string; status: string; leftOn: string | null })[]) {
    items.push({
      kind: '监护人已离开', ledger: 'patient', entryId: r.entryId, residentId: r.residentId, name: r.name,
      message: `严重精神障碍患者${who(r)}的监护人${r.guardianName}已于 ${r.leftOn ?? '（日期不详）'} ${r.status}，请重新确定监护人`,
    });
  }

  // ───── 帮教小组为空
  for (const r of statement(db,
      `select e.id as entryId, r.id as residentId, r.name, r.id_number as idNumber, e.status
       from released_person e join resident r on r.id = e.resident_id
       where e.status in ('在册帮教', '脱管')
         and not exists (select 1 from team_member t where t.ledger = 'released' and t.entry_id = e.id and t.to_date is null)
       order by r.name, e.id`,
    )
    .all() as (PersonRow & { status: string })[]) {
    items.push({
      kind: '帮教小组为空', ledger: 'released', entryId: r.entryId, residentId: r.residentId, name: r.name,
      message: `帮教对象${who(r)}（${r.status}）尚未建立帮教小组，请落实帮教责任人`,
    });
  }

  // ───── 日期顺序错误
  const order = (ledger: CheckItem['ledger'], entryId: number, residentId: number | null, name: string, message: string) =>
    items.push({ kind: '日期顺序错误', ledger, entryId, residentId, name, message });

  const released = statement(db,
      `select e.id as entryId, r.id as residentId, r.name, r.id_number as idNumber, e.release_date as releaseDate, e.notice_received_on as noticeOn,
         e.handover_on as handoverOn, e.reported_on as reportedOn, e.placed_on as placedOn
       from released_person e join resident r on r.id = e.resident_id order by r.name, e.id`,
    )
    .all() as (PersonRow & { releaseDate: string; noticeOn: string | null; handoverOn: string | null; reportedOn: string | null; placedOn: string | null })[];
  for (const e of released) {
    if (e.reportedOn && e.reportedOn < e.releaseDate) order('released', e.entryId, e.residentId, e.name, `${who(e)}的报到日期（${e.reportedOn}）早于释放日期（${e.releaseDate}）`);
    if (e.handoverOn && e.noticeOn && e.handoverOn < e.noticeOn) order('released', e.entryId, e.residentId, e.name, `${who(e)}的衔接日期（${e.handoverOn}）早于通知书收到日期（${e.noticeOn}）`);
    if (e.placedOn && e.placedOn < e.releaseDate) order('released', e.entryId, e.residentId, e.name, `${who(e)}的安置日期（${e.placedOn}）早于释放日期（${e.releaseDate}）`);
  }
  for (const r of statement(db,
      `select e.id as entryId, p.id as residentId, p.name, p.id_number as idNumber, e.release_date as startOn, min(c.date) as firstOn, count(*) as n
       from record c join released_person e on e.id = c.entry_id join resident p on p.id = e.resident_id
       where c.ledger = 'released' and c.date < e.release_date group by e.id order by p.name, e.id`,
    )
    .all() as (PersonRow & { startOn: string; firstOn: string; n: number })[]) {
    order('released', r.entryId, r.residentId, r.name, `${who(r)}有 ${r.n} 条帮教记录早于释放日期（${r.startOn}），最早为 ${r.firstOn}`);
  }

  for (const r of statement(db,
      `select e.id as entryId, p.id as residentId, p.name, p.id_number as idNumber, e.registered_on as startOn, e.first_onset_on as onsetOn
       from patient e join resident p on p.id = e.resident_id where e.first_onset_on is not null and e.first_onset_on > e.registered_on order by p.name, e.id`,
    )
    .all() as (PersonRow & { startOn: string; onsetOn: string })[]) {
    order('patient', r.entryId, r.residentId, r.name, `${who(r)}的初次发病日期（${r.onsetOn}）晚于建档日期（${r.startOn}）`);
  }
  for (const r of statement(db,
      `select e.id as entryId, p.id as residentId, p.name, p.id_number as idNumber, e.registered_on as startOn, c.kind, min(c.date) as firstOn, count(*) as n
       from record c join patient e on e.id = c.entry_id join resident p on p.id = e.resident_id
       where c.ledger = 'patient' and c.date < e.registered_on group by e.id, c.kind order by p.name, e.id, c.kind`,
    )
    .all() as (PersonRow & { startOn: string; kind: string; firstOn: string; n: number })[]) {
    const what = r.kind === 'followUp' ? '随访记录' : r.kind === 'incident' ? '肇事肇祸记录' : '记录';
    order('patient', r.entryId, r.residentId, r.name, `${who(r)}有 ${r.n} 条${what}早于建档日期（${r.startOn}），最早为 ${r.firstOn}`);
  }

  const lowIncome = statement(db,
      `select e.id as entryId, h.number, ${HEAD_NAME_SQL} as headName, e.confirmed_on as confirmedOn, e.exit_on as exitOn, e.publicity_from as publicityFrom, e.publicity_to as publicityTo,
         (select min(c.date) from record c where c.ledger = 'lowIncome' and c.entry_id = e.id and c.kind = 'review') as firstReview,
         (select count(*) from record c where c.ledger = 'lowIncome' and c.entry_id = e.id and c.kind = 'review' and c.date < e.confirmed_on) as earlyReviews
       from low_income e join household h on h.id = e.household_id order by h.number, e.id`,
    )
    .all() as { entryId: number; number: string; headName: string | null; confirmedOn: string; exitOn: string | null; publicityFrom: string | null; publicityTo: string | null; firstReview: string | null; earlyReviews: number }[];
  for (const e of lowIncome) {
    const name = e.headName ?? `户号 ${e.number}`;
    const household = e.headName ? `低保户 ${e.headName}户（户号 ${e.number}）` : `低保户 户号 ${e.number}`;
    if (e.earlyReviews > 0) order('lowIncome', e.entryId, null, name, `${household}有 ${e.earlyReviews} 条复核记录早于确认日期（${e.confirmedOn}），最早为 ${e.firstReview}`);
    if (e.exitOn && e.exitOn < e.confirmedOn) order('lowIncome', e.entryId, null, name, `${household}的退出日期（${e.exitOn}）早于确认日期（${e.confirmedOn}）`);
    if (e.publicityFrom && e.publicityTo && e.publicityTo > e.confirmedOn) {
      order('lowIncome', e.entryId, null, name, `${household}的公示期（${e.publicityFrom} 至 ${e.publicityTo}）在确认日期（${e.confirmedOn}）之后才结束，应先公示期满再确认`);
    }
  }

  return items.map((item, i) => ({ item, i })).sort((a, b) => ORDER.indexOf(a.item.kind) - ORDER.indexOf(b.item.kind) || a.i - b.i).map((x) => x.item);
}
