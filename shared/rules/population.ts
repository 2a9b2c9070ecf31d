// One rule for the town's headline counts, so 首页, 网格管理 and the 实有人口 / 户 lists agree:
// 实有人口 is every resident on the register (在册), with or without a grid — people who left (迁出)
// or died stay in the database but are not counted; 户 is every registered household, with or
// without a grid. Those not yet in a grid are counted and shown apart (无网格住户), never dropped.

/** The status a resident counts as 实有人口 with (also the people list's default filter). */
export const COUNTED_STATUS = '在册' as const;

/** What each headline number counts, for the tooltips beside them. */
export const POPULATION_RULE = {
  residents: '实有人口：登记为「在册」的人员，含尚未归入网格的；已迁出、死亡的不计',
  households: '户：登记的全部住户，含尚未归入网格的',
} as const;
