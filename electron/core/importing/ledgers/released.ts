// 安置帮教 (刑满释放人员) ledger files: one row per person. The row goes through the ledger's own steps in
// the order staff would use the forms: 登记 (with the 通知书 and the 衔接 when given), 报到, 帮教协议, 分类评估,
// 安置, the last 帮教记录, and a status other than 待衔接/在册帮教 (脱管 …) last, dated.
//
// The "last 帮教 date" becomes a 帮教记录 marked 【导入】 in its content, not a field: 首次走访 and 帮教走访 are
// computed from the 帮教记录 themselves (first and last), so only a record makes both right — and the timeline
// then shows where the date came from. The 帮教类别 is the registration's class; with a 分类评估日期 it is also
// recorded as that dated assessment, so 分类复评 counts from it.
import { defineTable, handoverTable, originalCrimeTable, placementTable, RELEASED_STATUSES, type CodeTable } from '../../../../shared/codes';
import { addRecord } from '../../records/records';
import {
  agreementReleased, assessReleased, changeReleasedStatus, placeReleased, registerReleased, reportReleased,
} from '../../ledgers/released/service';
import type { LedgerColumn } from './columns';
import type { LedgerDefinition, LedgerRow } from './types';

/** 帮教类别 as towns write it: 重点/一般/宽松, the GB/T 31000 危险性评估类型 codes 01/02, or our own codes. */
export const releasedClassColumnTable: CodeTable = defineTable('releasedClassImport', '帮教类别', 'GB/T 31000 危险性评估类型 01/02 也可', [
  ['key', '重点', '重点帮教', '重点帮教对象', '重点帮教人员', '01', '重点人员'],
  ['general', '一般', '一般帮教', '一般帮教对象', '一般帮教人员', '02', '一般人员'],
  ['loose', '宽松', '宽松帮教', '宽松帮教对象'],
]);

const releasedStatusColumnTable: CodeTable = defineTable(
  'releasedStatusImport',
  '帮教状态',
  undefined,
  RELEASED_STATUSES.map((s) => (s === '在册帮教' ? ([s, s, '在册', '在帮', '帮教中', '正常'] as const) : ([s, s] as const))),
);

const columns: LedgerColumn[] = [
  { key: 'releaseDate', label: '释放日期', required: true, kind: 'date', aliases: ['刑满释放日期', '释放时间', '刑满日期', '出狱日期', '解除日期'], explain: '必填，如 2025-03-05、2025.3.5、2025年3月5日', width: 12 },
  { key: 'noticeReceivedOn', label: '通知书收到日期', kind: 'date', aliases: ['释放通知书收到日期', '收到通知书日期', '通知书接收日期', '通知书日期'], explain: '选填；填了且未衔接时，7天内须衔接', width: 12 },
  { key: 'crime', label: '原罪名', kind: 'code', table: originalCrimeTable, aliases: ['罪名', '原判罪名', '罪名类别', '犯罪类型'], explain: '如 侵犯财产罪 或 05，见「取值说明」', width: 16 },
  { key: 'sentence', label: '原判刑期', kind: 'text', max: 30, aliases: ['刑期', '判处刑期'], explain: '如 3年6个月', width: 10 },
  { key: 'prison', label: '服刑场所', kind: 'text', max: 60, aliases: ['服刑监所', '原服刑场所', '服刑单位', '监狱名称', '释放单位'], explain: '选填', width: 16 },
  { key: 'recidivist', label: '是否累犯', kind: 'yesno', aliases: ['累犯'], explain: '是/否，空白为否', width: 8 },
  { key: 'endedInCorrection', label: '是否社区矫正期满', kind: 'yesno', aliases: ['社区矫正期满', '社区矫正解除', '是否社区矫正解除人员'], explain: '是：帮教期3年；否或空白：5年', width: 10 },
  { key: 'handoverOn', label: '衔接日期', kind: 'date', aliases: ['衔接时间', '接回日期'], explain: '已衔接的填写，须同时填衔接情况', width: 12 },
  { key: 'handoverCode', label: '衔接情况', kind: 'code', table: handoverTable, aliases: ['衔接方式', '衔接类型'], explain: '如 司法所接回，见「取值说明」', width: 14 },
  { key: 'reportedOn', label: '报到日期', kind: 'date', aliases: ['报到时间', '司法所报到日期'], explain: '选填；未报到的释放后30天内须报到', width: 12 },
  { key: 'agreementSignedOn', label: '帮教协议签订日期', kind: 'date', aliases: ['帮教协议日期', '协议签订日期', '签订帮教协议日期'], explain: '选填', width: 12 },
  { key: 'class', label: '帮教类别', kind: 'code', table: releasedClassColumnTable, aliases: ['帮教分类', '分类帮教', '帮教等级', '危险性评估类型', '帮教类型', '管理类别'], explain: '重点/一般/宽松（或 01 重点、02 一般），空白为一般', width: 10 },
  { key: 'keyTarget', label: '是否重点帮教对象', kind: 'yesno', aliases: ['是否重点帮教', '重点帮教对象', '是否重点'], explain: '没有「帮教类别」列时：是 = 重点，否 = 一般', width: 10 },
  { key: 'assessedOn', label: '分类评估日期', kind: 'date', aliases: ['最近分类评估日期', '评估日期', '分类日期', '最近评估日期'], explain: '最近一次确定帮教类别的日期；6个月后须复评', width: 12 },
  { key: 'placementCode', label: '安置情况', kind: 'code', table: placementTable, aliases: ['安置方式', '安置类型'], explain: '已安置的填写，须同时填安置日期', width: 16 },
  { key: 'placedOn', label: '安置日期', kind: 'date', aliases: ['安置时间'], explain: '选填', width: 12 },
  { key: 'unplacedReason', label: '未安置原因', kind: 'text', max: 200, aliases: [], explain: '未安置的填写', width: 16 },
  { key: 'lastHelpOn', label: '最近帮教日期', kind: 'date', aliases: ['最近一次帮教日期', '上次帮教日期', '最后帮教日期', '最近帮教时间', '末次帮教日期'], explain: '记为一条帮教记录（注明导入），下次帮教走访由此按类别计算', width: 12 },
  { key: 'helpStaff', label: '帮教人', kind: 'text', max: 20, aliases: ['帮教责任人', '经办人', '帮教干部'], explain: '最近帮教记录的经办人，空白记为「台账导入」', width: 10 },
  { key: 'status', label: '帮教状态', kind: 'code', table: releasedStatusColumnTable, aliases: ['管理状态', '人员状态', '状态'], explain: '空白按衔接情况（已衔接为在册帮教）；脱管等须填状态日期', width: 10 },
  { key: 'statusOn', label: '状态日期', kind: 'date', aliases: ['状态变更日期', '脱管日期', '变更日期'], explain: '帮教状态为脱管、死亡、迁出等时必填', width: 12 },
  { key: 'statusReason', label: '状态变更原因', kind: 'text', max: 200, aliases: ['脱管原因', '变更原因'], explain: '选填', width: 16 },
  { key: 'note', label: '备注', kind: 'text', max: 500, aliases: [], explain: '选填', width: 16 },
];

export const STAFF_FALLBACK = '台账导入';

export const releasedImport: LedgerDefinition = {
  ledger: 'released',
  title: '刑满释放人员',
  sheetName: '刑满释放人员',
  preferredSheet: /刑满|释放|帮教|安置/,
  columns,
  notes: [
    '每行一人。按公民身份号码在实有人口中查找本人；查不到时按本行的姓名、户号、网格等新建（户号已有的沿用，新户号新建一户）。',
    '导入按登记、衔接、报到、帮教协议、分类评估、安置、帮教记录、状态变更的顺序进行，与在软件中逐项登记的检查相同；任何一项不通过，该行整行不导入。',
    '「最近帮教日期」记为一条帮教记录，内容注明「导入」；首次走访、帮教走访、分类复评、期满等到期日由此按规则计算。',
    '已在刑满释放人员台账中（未解除）的人员不会重复登记，该行会列为问题。',
  ],
  apply(kit, [row]) {
    const r = row as LedgerRow;
    const { ctx } = kit;
    const residentId = kit.people.personOf(kit, r);
    const keyTarget = kit.value<boolean>(r, 'keyTarget');
    const cls = kit.value<string>(r, 'class') ?? (keyTarget === null ? undefined : keyTarget ? 'key' : 'general');
    const optional = (key: string) => kit.value<string>(r, key) ?? undefined;
    const register = kit.input(
      'released.register',
      {
        residentId,
        noticeReceivedOn: optional('noticeReceivedOn'),
        prison: kit.text(r, 'prison'),
        crime: optional('crime'),
        sentence: kit.text(r, 'sentence'),
        releaseDate: optional('releaseDate'),
        recidivist: kit.value<boolean>(r, 'recidivist') ?? false,
        endedInCorrection: kit.value<boolean>(r, 'endedInCorrection') ?? false,
        handoverOn: optional('handoverOn'),
        handoverCode: optional('handoverCode'),
        class: cls,
        note: kit.text(r, 'note'),
      },
      r,
    );
    const entry = kit.step(r, 'idNumber', () => registerReleased(ctx, register));
    kit.tally.entries++;
    const id = entry.id;
    const dated = (key: string, fn: (date: string) => unknown) => {
      const date = kit.value<string>(r, key);
      if (date) kit.step(r, key, () => fn(date), { date: key });
    };
    dated('reportedOn', (date) => reportReleased(ctx, kit.input('released.report', { id, date }, r, { date: 'reportedOn' })));
    dated('agreementSignedOn', (date) => agreementReleased(ctx, kit.input('released.agreement', { id, date }, r, { date: 'agreementSignedOn' })));
    dated('assessedOn', (date) =>
      assessReleased(ctx, kit.input('released.assess', { id, date, class: cls ?? entry.class, reason: '导入：台账记载的最近一次分类评估' }, r, { date: 'assessedOn', class: 'class' })),
    );
    const placementCode = kit.value<string>(r, 'placementCode');
    const placedOn = kit.value<string>(r, 'placedOn');
    const unplacedReason = kit.text(r, 'unplacedReason');
    if (placementCode || placedOn || unplacedReason) {
      const input = kit.input('released.place', { id, code: placementCode, date: placedOn, unplacedReason }, r, { code: 'placementCode', date: 'placedOn' });
      kit.step(r, placementCode ? 'placementCode' : placedOn ? 'placedOn' : 'unplacedReason', () => placeReleased(ctx, input), { code: 'placementCode', date: 'placedOn' });
    }
    dated('lastHelpOn', (date) => {
      const input = kit.input(
        'record.add',
        {
          kind: 'help', releasedPersonId: id, date, method: '其他', staffName: kit.text(r, 'helpStaff') || STAFF_FALLBACK,
          content: `【导入】台账记载的最近一次帮教（文件「${kit.file}」第 ${r.row} 行）`,
        },
        r,
        { date: 'lastHelpOn', staffName: 'helpStaff' },
      );
      addRecord(ctx, input);
      kit.tally.records++;
    });
    const status = kit.value<string>(r, 'status');
    if (status === '在册帮教' && entry.status === '待衔接') {
      kit.refuse(r, 'status', '帮教状态为「在册帮教」，但没有衔接日期和衔接情况：待衔接的人员只有登记衔接后才在册帮教，请填写衔接日期和衔接情况');
    }
    if (status === '待衔接' && entry.status !== '待衔接') kit.refuse(r, 'status', '已填写衔接日期和衔接情况，帮教状态不能是「待衔接」');
    if (status && status !== '待衔接' && status !== '在册帮教') {
      const date = kit.value<string>(r, 'statusOn');
      if (!date) kit.refuse(r, kit.has('statusOn') ? 'statusOn' : 'status', `帮教状态为「${status}」，请填写状态日期（${status}的日期）`);
      const input = kit.input(
        'released.changeStatus',
        { id, to: status, date, reason: kit.text(r, 'statusReason') || `导入：台账记载的状态「${status}」` },
        r,
        { date: 'statusOn', to: 'status', reason: 'statusReason' },
      );
      kit.step(r, 'status', () => changeReleasedStatus(ctx, input), { date: 'statusOn', to: 'status' });
    }
  },
};
