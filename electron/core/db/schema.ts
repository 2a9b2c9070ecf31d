// The database schema. Change it here, then `npm run db:generate` writes the next migration.
import { sql } from 'drizzle-orm';
import { blob, check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const timestamps = {
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
};

/** The one town this installation serves (a single row, id = 1). */
export const town = sqliteTable(
  'town',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    /** 12-digit 统计用区划代码, ending in 000. */
    code: text('code').notNull(),
    ...timestamps,
  },
  (t) => [check('town_single_row', sql`${t.id} = 1`)],
);

/** Rule values and preferences; value is JSON. Missing key = the default from shared/. */
export const setting = sqliteTable('setting', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
});

// ───── Grids and their staff ─────

/** 村/社区 under the town. Code: 12-digit 统计用区划代码. */
export const village = sqliteTable(
  'village',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** 村 | 社区 */
    type: text('type').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('village_code').on(t.code), uniqueIndex('village_name').on(t.name)],
);

/** 网格: 15-digit code = village code + serial (001–899 综合, 901–999 专属). Closed, never deleted. */
export const grid = sqliteTable(
  'grid',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    villageId: integer('village_id').notNull().references(() => village.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** 综合网格 | 专属网格 */
    kind: text('kind').notNull(),
    description: text('description').notNull().default(''),
    closedOn: text('closed_on'),
    closeReason: text('close_reason'),
    ...timestamps,
  },
  (t) => [uniqueIndex('grid_code').on(t.code), index('grid_village').on(t.villageId)],
);

/** 网格员 and the other grid staff. */
export const staff = sqliteTable(
  'staff',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    idNumber: text('id_number'),
    phone: text('phone').notNull().default(''),
    /** staffRoleTable code */
    role: text('role').notNull(),
    startDate: text('start_date'),
    endDate: text('end_date'),
    note: text('note').notNull().default(''),
    ...timestamps,
  },
  (t) => [uniqueIndex('staff_id_number').on(t.idNumber)],
);

/** Which grids a staff member serves (one person may serve several). */
export const staffGrid = sqliteTable(
  'staff_grid',
  {
    staffId: integer('staff_id').notNull().references(() => staff.id),
    gridId: integer('grid_id').notNull().references(() => grid.id),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.gridId] }), index('staff_grid_grid').on(t.gridId)],
);

// ───── Households and residents ─────

export const household = sqliteTable(
  'household',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 户号 (from 户籍 where known; otherwise assigned by us). */
    number: text('number').notNull(),
    gridId: integer('grid_id').references(() => grid.id),
    address: text('address').notNull().default(''),
    note: text('note').notNull().default(''),
    /** Its point on the map (WGS-84 longitude/latitude), picked on the map or imported; null when not placed. */
    lon: real('lon'),
    lat: real('lat'),
    ...timestamps,
  },
  (t) => [uniqueIndex('household_number').on(t.number), index('household_grid').on(t.gridId)],
);

export const householdTag = sqliteTable(
  'household_tag',
  {
    householdId: integer('household_id').notNull().references(() => household.id),
    tag: text('tag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.householdId, t.tag] }), index('household_tag_tag').on(t.tag)],
);

/** A resident on the GB/T 31000 base record. Leaving (迁出/死亡) closes the row; nothing is deleted. */
export const resident = sqliteTable(
  'resident',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Normalized 18-character 公民身份号码. */
    idNumber: text('id_number').notNull(),
    name: text('name').notNull(),
    formerName: text('former_name').notNull().default(''),
    /** GB/T 2261.1, derived from the ID. */
    sex: text('sex').notNull(),
    birthDate: text('birth_date').notNull(),
    ethnicity: text('ethnicity'),
    /** 籍贯: free text or a GB/T 2260 code as the file gave it. */
    nativePlace: text('native_place').notNull().default(''),
    marital: text('marital'),
    political: text('political'),
    education: text('education'),
    religion: text('religion').notNull().default(''),
    occupation: text('occupation').notNull().default(''),
    phone: text('phone').notNull().default(''),
    registeredAddress: text('registered_address').notNull().default(''),
    currentAddress: text('current_address').notNull().default(''),
    /** residenceKindTable: 1 户籍, 2 流动 */
    residenceKind: text('residence_kind').notNull(),
    inflowReason: text('inflow_reason'),
    certificateType: text('certificate_type'),
    certificateNumber: text('certificate_number').notNull().default(''),
    inflowDate: text('inflow_date'),
    certificateExpiry: text('certificate_expiry'),
    dwellingType: text('dwelling_type'),
    keyConcern: integer('key_concern', { mode: 'boolean' }).notNull().default(false),
    householdId: integer('household_id').references(() => household.id),
    relation: text('relation'),
    gridId: integer('grid_id').references(() => grid.id),
    /** 在册 | 迁出 | 死亡 */
    status: text('status').notNull().default('在册'),
    leftOn: text('left_on'),
    leftReason: text('left_reason'),
    /** Search keys: full pinyin and initials of the name, lower case, no spaces. */
    namePinyin: text('name_pinyin').notNull(),
    nameInitials: text('name_initials').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('resident_id_number').on(t.idNumber),
    index('resident_household').on(t.householdId),
    index('resident_grid').on(t.gridId, t.status),
    index('resident_name').on(t.name),
    index('resident_initials').on(t.nameInitials),
    index('resident_pinyin').on(t.namePinyin),
    index('resident_phone').on(t.phone),
  ],
);

// ───── Key-group ledgers (安置帮教, 严重精神障碍患者, 低保) and their records ─────
// An entry is never deleted: it is closed by a dated status change with a reason, so past months can be
// recomputed exactly. A resident may have several entries over the years, but one open entry per ledger.

/** 刑满释放人员 under 安置帮教. The 帮教期 end is computed from 释放日期 and the rules, never stored. */
export const releasedPerson = sqliteTable(
  'released_person',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    residentId: integer('resident_id').notNull().references(() => resident.id),
    /** 释放通知书 收到日期; null when registered directly. */
    noticeReceivedOn: text('notice_received_on'),
    prison: text('prison').notNull().default(''),
    /** originalCrimeTable */
    crime: text('crime'),
    sentence: text('sentence').notNull().default(''),
    releaseDate: text('release_date').notNull(),
    recidivist: integer('recidivist', { mode: 'boolean' }).notNull().default(false),
    endedInCorrection: integer('ended_in_correction', { mode: 'boolean' }).notNull().default(false),
    handoverOn: text('handover_on'),
    /** handoverTable */
    handoverCode: text('handover_code'),
    reportedOn: text('reported_on'),
    agreementSignedOn: text('agreement_signed_on'),
    /** releasedClassTable: key | general | loose (latest assessment, denormalized for lists) */
    class: text('class').notNull().default('general'),
    classAssessedOn: text('class_assessed_on'),
    /** placementTable */
    placementCode: text('placement_code'),
    placedOn: text('placed_on'),
    unplacedReason: text('unplaced_reason').notNull().default(''),
    reoffendOn: text('reoffend_on'),
    reoffendCrime: text('reoffend_crime').notNull().default(''),
    /** releasedStatusTable (latest status change, denormalized) */
    status: text('status').notNull(),
    statusSince: text('status_since').notNull(),
    note: text('note').notNull().default(''),
    /** 作废: an entry registered by mistake leaves every list, due item and figure; the row and its history stay. */
    voidedOn: text('voided_on'),
    voidReason: text('void_reason'),
    ...timestamps,
  },
  (t) => [index('released_person_resident').on(t.residentId), index('released_person_status').on(t.status)],
);

/** 分类帮教 assessments, each with its date and reason. */
export const releasedAssessment = sqliteTable(
  'released_assessment',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    releasedPersonId: integer('released_person_id').notNull().references(() => releasedPerson.id),
    date: text('date').notNull(),
    class: text('class').notNull(),
    reason: text('reason').notNull(),
    /** 作废: an assessment recorded by mistake decides no class; it stays for the history. */
    voidedOn: text('voided_on'),
    voidReason: text('void_reason'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('released_assessment_person').on(t.releasedPersonId, t.date)],
);

/** 严重精神障碍患者. */
export const patient = sqliteTable(
  'patient',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    residentId: integer('resident_id').notNull().references(() => resident.id),
    registeredOn: text('registered_on').notNull(),
    /** diagnosisTable */
    diagnosis: text('diagnosis').notNull(),
    firstOnsetOn: text('first_onset_on'),
    /** 肇事肇祸 before registration; later ones are 'incident' records. */
    priorIncidentCount: integer('prior_incident_count').notNull().default(0),
    priorLastIncidentOn: text('prior_last_incident_on'),
    /** 0–5, the last assessment (from registration or the latest 随访). */
    risk: integer('risk').notNull().default(0),
    riskAssessedOn: text('risk_assessed_on'),
    /** 危险性 as assessed at registration; `risk` moves with each 随访, this stays for past months' figures. */
    registeredRisk: integer('registered_risk'),
    /** treatmentTable */
    treatment: text('treatment'),
    hospital: text('hospital').notNull().default(''),
    guardianResidentId: integer('guardian_resident_id').references(() => resident.id),
    guardianName: text('guardian_name').notNull().default(''),
    guardianPhone: text('guardian_phone').notNull().default(''),
    /** relationTable code: the guardian's relation to the patient */
    guardianRelation: text('guardian_relation'),
    /** 以奖代补 监护责任书 signed */
    awardAgreementSignedOn: text('award_agreement_signed_on'),
    lastAwardReviewOn: text('last_award_review_on'),
    /** patientStatusTable */
    status: text('status').notNull(),
    statusSince: text('status_since').notNull(),
    note: text('note').notNull().default(''),
    /** 作废: an entry registered by mistake leaves every list, due item and figure; the row and its history stay. */
    voidedOn: text('voided_on'),
    voidReason: text('void_reason'),
    ...timestamps,
  },
  (t) => [index('patient_resident').on(t.residentId), index('patient_status').on(t.status)],
);

/** 低保 household. Amounts are stored in 分 (integer) so sums are exact. */
export const lowIncome = sqliteTable(
  'low_income',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    householdId: integer('household_id').notNull().references(() => household.id),
    confirmedOn: text('confirmed_on').notNull(),
    certificateNumber: text('certificate_number').notNull().default(''),
    /** 城市 | 农村 */
    area: text('area').notNull(),
    /** A | B | C */
    class: text('class').notNull(),
    monthlyAmountFen: integer('monthly_amount_fen').notNull(),
    /** The amount at 确认; `monthly_amount_fen` moves with each 增发/减发 复核, this stays for past months' figures. */
    confirmedAmountFen: integer('confirmed_amount_fen'),
    /** 集中 | 分散 | null */
    extremePoverty: text('extreme_poverty'),
    publicityFrom: text('publicity_from'),
    publicityTo: text('publicity_to'),
    /** 在保 | 停保 */
    status: text('status').notNull().default('在保'),
    exitOn: text('exit_on'),
    /** lowIncomeExitReasonTable */
    exitReason: text('exit_reason'),
    exitNote: text('exit_note').notNull().default(''),
    /** 作废: an entry registered by mistake leaves every list, due item and figure; the row and its history stay. */
    voidedOn: text('voided_on'),
    voidReason: text('void_reason'),
    ...timestamps,
  },
  (t) => [index('low_income_household').on(t.householdId), index('low_income_status').on(t.status)],
);

/** Which members of the household are covered (保障人数). */
export const lowIncomeMember = sqliteTable(
  'low_income_member',
  {
    lowIncomeId: integer('low_income_id').notNull().references(() => lowIncome.id),
    residentId: integer('resident_id').notNull().references(() => resident.id),
  },
  (t) => [primaryKey({ columns: [t.lowIncomeId, t.residentId] }), index('low_income_member_resident').on(t.residentId)],
);

/** Members of a 帮教小组 (released) or 关爱帮扶小组 (patient): a staff member, a resident, or a name. */
export const teamMember = sqliteTable(
  'team_member',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** released | patient */
    ledger: text('ledger').notNull(),
    entryId: integer('entry_id').notNull(),
    staffId: integer('staff_id').references(() => staff.id),
    residentId: integer('resident_id').references(() => resident.id),
    name: text('name').notNull(),
    phone: text('phone').notNull().default(''),
    /** helpTeamRoleTable or careTeamRoleTable code */
    role: text('role').notNull(),
    fromDate: text('from_date'),
    toDate: text('to_date'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('team_member_entry').on(t.ledger, t.entryId)],
);

/** Every dated status change of a ledger entry, with its reason. */
export const statusChange = sqliteTable(
  'status_change',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** released | patient | lowIncome */
    ledger: text('ledger').notNull(),
    entryId: integer('entry_id').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    date: text('date').notNull(),
    reason: text('reason').notNull(),
    /** 作废: a change recorded by mistake is in no history, status or month figure; it stays, with the revision. */
    voidedOn: text('voided_on'),
    voidReason: text('void_reason'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('status_change_entry').on(t.ledger, t.entryId, t.date)],
);

/**
 * 帮教记录, 随访记录, 走访记录, 复核记录 and 肇事肇祸 events. One table so a person's timeline is one query;
 * the structured items of 随访 and 复核 have their own nullable columns.
 */
export const record = sqliteTable(
  'record',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** help (帮教) | followUp (随访) | visit (走访) | review (复核) | incident (肇事肇祸) */
    kind: text('kind').notNull(),
    /** released | patient | lowIncome | null (a 走访 of any resident or household) */
    ledger: text('ledger'),
    entryId: integer('entry_id'),
    residentId: integer('resident_id').references(() => resident.id),
    householdId: integer('household_id').references(() => household.id),
    date: text('date').notNull(),
    /** recordMethodTable */
    method: text('method').notNull(),
    staffId: integer('staff_id').references(() => staff.id),
    staffName: text('staff_name').notNull().default(''),
    content: text('content').notNull().default(''),
    // 随访 (Part 2 §3.4)
    risk: integer('risk'),
    medication: text('medication'),
    followUpClass: text('follow_up_class'),
    hospitalization: text('hospitalization'),
    locking: text('locking'),
    nextFollowUpOn: text('next_follow_up_on'),
    // 复核
    reviewResult: text('review_result'),
    newAmountFen: integer('new_amount_fen'),
    /** 作废: a record entered by mistake counts nowhere (dues, figures, checks, exports); it stays, struck through on the timeline. */
    voidedOn: text('voided_on'),
    voidReason: text('void_reason'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('record_entry').on(t.ledger, t.entryId, t.kind, t.date),
    index('record_resident').on(t.residentId, t.date),
    index('record_household').on(t.householdId, t.date),
    index('record_date').on(t.date),
  ],
);


/**
 * Every correction (更正) and 作废 of a record, a ledger step or a ledger entry: what it was and what it became, why,
 * when and by whom. Nothing is ever deleted; this is the history the timeline shows.
 */
export const revision = sqliteTable(
  'revision',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** record | released | patient | lowIncome */
    subject: text('subject').notNull(),
    subjectId: integer('subject_id').notNull(),
    /** correct (更正) | void (作废) */
    action: text('action').notNull(),
    /** For a ledger step: which one (report, agreement, handover …); null for the record or the entry itself. */
    step: text('step'),
    /** The changed fields before and after, as JSON objects. */
    before: text('before').notNull(),
    after: text('after').notNull(),
    reason: text('reason').notNull(),
    /** The caller who made it (ctx.caller). */
    byUser: text('by_user').notNull(),
    byName: text('by_name').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('revision_subject').on(t.subject, t.subjectId)],
);

// ───── The month's county package (issue 9) ─────

/**
 * A reporting month once its package has been generated: frozen (figures and files kept, regenerating gives the same
 * bytes), then marked sent; reopened only on purpose, with the reason in report_month_event.
 */
export const reportMonth = sqliteTable('report_month', {
  /** YYYY-MM */
  month: text('month').primaryKey(),
  /** frozen | sent | reopened */
  state: text('state').notNull(),
  /** The figures the package was made from (ReportFigures as JSON), so a frozen month never recomputes. */
  figures: text('figures').notNull(),
  /** The manifest.json written (its own bytes, so the package is reproduced exactly). */
  manifest: text('manifest').notNull(),
  frozenAt: text('frozen_at').notNull(),
  sentOn: text('sent_on'),
  sentHow: text('sent_how'),
  ...timestamps,
});

/** Every file of a frozen month's package, byte for byte, so regenerating writes exactly what was sent. */
export const reportMonthFile = sqliteTable(
  'report_month_file',
  {
    month: text('month').notNull().references(() => reportMonth.month),
    /** Path inside the package folder, with forward slashes. */
    name: text('name').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    content: blob('content', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.name] })],
);

/** The month's history: frozen, reopened (with the reason), sent. */
export const reportMonthEvent = sqliteTable(
  'report_month_event',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    month: text('month').notNull(),
    /** frozen | reopened | sent */
    kind: text('kind').notNull(),
    reason: text('reason'),
    byUser: text('by_user').notNull(),
    byName: text('by_name').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('report_month_event_month').on(t.month)],
);

/** The staff's own text for 六、本月工作情况 of a month's 月度工作报告. */
export const monthNote = sqliteTable('month_note', {
  month: text('month').primaryKey(),
  text: text('text').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** A key-group person's photo for the 一人一卡 archive card: shrunk JPEG, one per resident. */
export const residentPhoto = sqliteTable('resident_photo', {
  residentId: integer('resident_id').primaryKey().references(() => resident.id),
  mime: text('mime').notNull(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  data: blob('data', { mode: 'buffer' }).notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** A 责任书 / 协议书 text template the town edited; a kind with no row uses the default from shared/. */
export const letterTemplate = sqliteTable('letter_template', {
  /** grid | released | guardian | frontage */
  kind: text('kind').primaryKey(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** A county's own .xlsx form (一表通) and how its columns or cells are filled, saved by form name. */
export const countyForm = sqliteTable('county_form', {
  name: text('name').primaryKey(),
  /** The form file as loaded, so each month fills the same form. */
  file: blob('file', { mode: 'buffer' }).notNull(),
  /** The mapping (shared/contract/countyForms.ts) as JSON. */
  mapping: text('mapping').notNull(),
  ...timestamps,
});

// ───── Protection: accounts and the audit log (issue 10) ─────

/**
 * A login. The password never lives here: each account's copy of the database key is wrapped under a
 * key derived from its password, in the keyring beside the database (electron/core/security), so a
 * login is checked by unwrapping it before this file can even be read.
 */
export const appUser = sqliteTable(
  'app_user',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    loginName: text('login_name').notNull(),
    displayName: text('display_name').notNull(),
    /** admin | staff | village | readonly (shared/contract/define.ts ROLES) */
    role: text('role').notNull(),
    /** Set when the administrator disables the account; it can no longer log in. */
    disabledAt: text('disabled_at'),
    /** 1 until the user sets a password of their own (a new account, or after a reset). */
    mustChangePassword: integer('must_change_password').notNull().default(1),
    passwordChangedAt: text('password_changed_at'),
    lastLoginAt: text('last_login_at'),
    ...timestamps,
  },
  (t) => [uniqueIndex('app_user_login_name').on(t.loginName)],
);

/** The villages a 村级用户 may see. */
export const userVillage = sqliteTable(
  'user_village',
  {
    userId: integer('user_id').notNull().references(() => appUser.id),
    villageId: integer('village_id').notNull().references(() => village.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.villageId] })],
);

/**
 * The audit log: append-only (triggers refuse update and delete) and hash-chained — each entry's hash
 * covers its fields and the previous entry's hash, so `audit verify` finds a removed, altered or
 * reordered entry. Written by dispatch in the same transaction as the change it records.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    at: text('at').notNull(),
    userId: text('user_id').notNull(),
    userName: text('user_name').notNull(),
    /** login | login_failed | logout | view | create | update | close | export | print | package | backup | restore | settings | user */
    action: text('action').notNull(),
    /** The channel that did it, when one did. */
    channel: text('channel'),
    /** What it was about: a resident, household, ledger entry, record, month, user… */
    subjectKind: text('subject_kind'),
    subjectId: text('subject_id'),
    /** The person concerned, so the audit page can filter by person. */
    residentId: integer('resident_id'),
    /** One Chinese line for the audit page. */
    summary: text('summary').notNull(),
    /** JSON: the fields changed (before and after), the list's filter, the file written… */
    detail: text('detail').notNull().default('{}'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_user').on(t.userId), index('audit_log_resident').on(t.residentId), index('audit_log_action').on(t.action)],
);

// ───── The offline map (issue 11) ─────

/** A 村/社区's boundary: a GeoJSON geometry (Polygon or MultiPolygon) in WGS-84 / CGCS2000 longitude/latitude. */
export const villageBoundary = sqliteTable('village_boundary', {
  villageId: integer('village_id').primaryKey().references(() => village.id),
  geometry: text('geometry').notNull(),
  /** Where it came from, in Chinese: the imported file and the coordinate system assumed, or 绘制. */
  source: text('source').notNull().default(''),
  ...timestamps,
});

/** A 网格's boundary, as village_boundary. */
export const gridBoundary = sqliteTable('grid_boundary', {
  gridId: integer('grid_id').primaryKey().references(() => grid.id),
  geometry: text('geometry').notNull(),
  source: text('source').notNull().default(''),
  ...timestamps,
});

// ───── Events and disputes (issue 12) ─────
// Grid workers' 走访 are record rows of kind 'visit' (ledger null) with their household and staff; an event
// found on one names it in source_record_id.

/** The town's own event categories, beside the built-in GB/T 31000 矛盾纠纷 items of shared/codes. Closed, never deleted. */
export const eventCategory = sqliteTable('event_category', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  /** dispute (矛盾纠纷) | event (其他事件) */
  kind: text('kind').notNull(),
  closedOn: text('closed_on'),
  ...timestamps,
});

/** 事件 / 矛盾纠纷: reported, then moved along the flow of shared/rules (each step in event_step). */
export const event = sqliteTable(
  'event',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 事件编号, e.g. SJ20261200001: unique and never reused. */
    number: text('number').notNull(),
    /** eventSourceTable code: 网格员巡查, 群众来访, 来电, 12345, 上级交办, 其他 */
    source: text('source').notNull(),
    /** A built-in or the town's own category code. */
    category: text('category').notNull(),
    villageId: integer('village_id').notNull().references(() => village.id),
    gridId: integer('grid_id').references(() => grid.id),
    lon: real('lon'),
    lat: real('lat'),
    place: text('place').notNull().default(''),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** 涉及人数 */
    involved: integer('involved').notNull().default(1),
    /** The flow's state (shared/rules): reported | accepted | dispatched | handling | checking | closed | rated */
    state: text('state').notNull(),
    reportedOn: text('reported_on').notNull(),
    reporterStaffId: integer('reporter_staff_id').references(() => staff.id),
    reporterName: text('reporter_name').notNull().default(''),
    /** The 走访 record it was found on. */
    sourceRecordId: integer('source_record_id').references(() => record.id),
    /** 群众满意度 once rated: satisfactionTable code */
    satisfaction: text('satisfaction'),
    voidedOn: text('voided_on'),
    voidReason: text('void_reason'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('event_number').on(t.number),
    index('event_village').on(t.villageId, t.state),
    index('event_reported').on(t.reportedOn),
    index('event_reporter').on(t.reporterStaffId),
    index('event_source_record').on(t.sourceRecordId),
  ],
);

/** 当事人 of an event: a resident from the register, or a name typed in. */
export const eventParty = sqliteTable(
  'event_party',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id').notNull().references(() => event.id),
    residentId: integer('resident_id').references(() => resident.id),
    name: text('name').notNull(),
    phone: text('phone').notNull().default(''),
    role: text('role').notNull().default('当事人'),
  },
  (t) => [index('event_party_event').on(t.eventId), index('event_party_resident').on(t.residentId)],
);

/** One step of an event's flow (受理, 分流, 处置, 核查, 办结, 评价, 退回, 督办 …): dated, by whom, with a note. */
export const eventStep = sqliteTable(
  'event_step',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id').notNull().references(() => event.id),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    /** The working date it counts for. */
    on: text('on').notNull(),
    /** To whom it was routed (分流/派遣): a 四个平台 line, a department or a village, as text. */
    assignee: text('assignee').notNull().default(''),
    note: text('note').notNull().default(''),
    byUser: text('by_user').notNull(),
    byName: text('by_name').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('event_step_event').on(t.eventId, t.id)],
);

/** Photos and documents of an event, kept in the database (size-limited by the service). */
export const eventAttachment = sqliteTable(
  'event_attachment',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id').notNull().references(() => event.id),
    name: text('name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    data: blob('data', { mode: 'buffer' }).notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('event_attachment_event').on(t.eventId)],
);

/** The town's corrections to the working-day calendar (a holiday or 调休 day announced late): date → workday or not. */
export const calendarDay = sqliteTable('calendar_day', {
  date: text('date').primaryKey(),
  workday: integer('workday', { mode: 'boolean' }).notNull(),
  note: text('note').notNull().default(''),
  ...timestamps,
});
