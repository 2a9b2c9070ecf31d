// Households and residents on the GB/T 31000 base record, and person search.
import { z } from 'zod';
import { COUNTED_STATUS } from '../rules/population';
import {
  certificateTypeTable, dwellingTypeTable, educationTable, ethnicityTable, householdTagTable, inflowReasonTable,
  maritalTable, politicalTable, relationTable, residenceKindTable, sexTable,
} from '../codes/person';
import { channel, read, write } from './define';
import { codeOf, dateString, exportResult, id, idNumber, inputPath, optionalCodeOf, optionalDate, outputPath, page, phone, requiredText, text } from './common';

export const residentStatus = z.enum(['在册', '迁出', '死亡']);

/** One line of a person list or search result. */
export const personRow = z.object({
  id: z.number(),
  idNumber: z.string(),
  name: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  age: z.number(),
  phone: z.string(),
  residenceKind: z.string(),
  status: residentStatus,
  householdId: z.number().nullable(),
  householdNumber: z.string().nullable(),
  relation: z.string().nullable(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  villageName: z.string().nullable(),
  currentAddress: z.string(),
});
export type PersonRow = z.infer<typeof personRow>;

export const person = z.object({
  id: z.number(),
  idNumber: z.string(),
  name: z.string(),
  formerName: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  ethnicity: z.string().nullable(),
  nativePlace: z.string(),
  marital: z.string().nullable(),
  political: z.string().nullable(),
  education: z.string().nullable(),
  religion: z.string(),
  occupation: z.string(),
  phone: z.string(),
  registeredAddress: z.string(),
  currentAddress: z.string(),
  residenceKind: z.string(),
  inflowReason: z.string().nullable(),
  certificateType: z.string().nullable(),
  certificateNumber: z.string(),
  inflowDate: z.string().nullable(),
  certificateExpiry: z.string().nullable(),
  dwellingType: z.string().nullable(),
  keyConcern: z.boolean(),
  householdId: z.number().nullable(),
  relation: z.string().nullable(),
  gridId: z.number().nullable(),
  status: residentStatus,
  leftOn: z.string().nullable(),
  leftReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof person>;

/**
 * A person as staff type them. sex and birthDate are derived from the ID; when given they must agree.
 * Code fields take the code or the label.
 */
export const personInput = z.object({
  idNumber,
  name: requiredText('姓名', 30),
  formerName: text('曾用名', 30),
  sex: optionalCodeOf(sexTable),
  birthDate: optionalDate('出生日期'),
  ethnicity: optionalCodeOf(ethnicityTable),
  nativePlace: text('籍贯', 60),
  marital: optionalCodeOf(maritalTable),
  political: optionalCodeOf(politicalTable),
  education: optionalCodeOf(educationTable),
  religion: text('宗教信仰', 30),
  occupation: text('职业', 60),
  phone,
  registeredAddress: text('户籍地址', 120),
  currentAddress: text('现住址', 120),
  residenceKind: codeOf(residenceKindTable).default('1'),
  inflowReason: optionalCodeOf(inflowReasonTable),
  certificateType: optionalCodeOf(certificateTypeTable),
  certificateNumber: text('证件号码', 40),
  inflowDate: optionalDate('登记日期'),
  certificateExpiry: optionalDate('证件到期日期'),
  dwellingType: optionalCodeOf(dwellingTypeTable),
  keyConcern: z.boolean().default(false),
  householdId: id.nullable().optional(),
  relation: optionalCodeOf(relationTable),
  /** Defaults to the household's grid. */
  gridId: id.nullable().optional(),
});
export type PersonInput = z.input<typeof personInput>;

export const household = z.object({
  id: z.number(),
  number: z.string(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  villageName: z.string().nullable(),
  address: z.string(),
  note: z.string(),
  tags: z.array(z.string()),
  members: z.array(personRow),
});
export type Household = z.infer<typeof household>;

export const householdInput = z.object({
  /** 户号; assigned when empty. */
  number: z.string().trim().max(30, '户号不超过30个字符').optional(),
  gridId: id.nullable(),
  address: text('住址', 120),
  note: text('备注', 200),
  tags: z.array(codeOf(householdTagTable)).default([]),
});
export type HouseholdInput = z.input<typeof householdInput>;

export const personFilter = z.object({
  /** Name, pinyin initials (zs), full pinyin, any part of the ID number, or phone. */
  query: z.string().trim().max(40, '搜索内容过长').default(''),
  villageId: id.optional(),
  gridId: id.optional(),
  tag: codeOf(householdTagTable).optional(),
  residenceKind: codeOf(residenceKindTable).optional(),
  /** Default: only 在册. */
  status: z.enum(['在册', '迁出', '死亡', '全部']).default(COUNTED_STATUS),
  /** Only persons in no grid. */
  noGrid: z.boolean().default(false),
});
export type PersonFilter = z.input<typeof personFilter>;

/** A person's stored photo (the 一人一卡 card's): always a JPEG, shrunk to at most 600 px on the long side. */
export const personPhoto = z.object({
  residentId: z.number(),
  mime: z.string(),
  width: z.number(),
  height: z.number(),
  /** Size of the stored JPEG in bytes. */
  bytes: z.number(),
  base64: z.string(),
  updatedAt: z.string(),
});
export type PersonPhoto = z.infer<typeof personPhoto>;

export const personChannels = {
  /** `total` counts the matches up to COUNT_AHEAD (people/search.ts) past the page; `totalAtLeast`: there are more. */
  'person.search': channel(personFilter.extend(page), z.object({ total: z.number(), totalAtLeast: z.boolean(), rows: z.array(personRow) }), read('rows', { mask: 'list' })),
  'person.get': channel(z.object({ id }), person.extend({ household: household.nullable() }), read('rows')),
  'person.create': channel(personInput, person, write({ refs: (i) => ({ household: [i.householdId], grid: [i.gridId] }) })),
  'person.update': channel(personInput.extend({ id }), person, write({ refs: (i) => ({ resident: [i.id], household: [i.householdId], grid: [i.gridId] }) })),
  /** 迁出 or 死亡: the person stays in the database, closed with a date and reason. */
  'person.leave': channel(
    z.object({ id, kind: z.enum(['迁出', '死亡']), date: dateString('离开日期'), reason: requiredText('原因', 200) }),
    person,
    write({ refs: (i) => ({ resident: [i.id] }) }),
  ),
  'person.export': channel(personFilter.extend({ path: outputPath }), exportResult, read('rows', { long: true })),
  /** Photos are mostly of key-group persons (the archive card), so every photo call is marked for the audit. */
  'person.photo.set': channel(
    z.object({ residentId: id, path: inputPath }),
    personPhoto,
    write({ refs: (i) => ({ resident: [i.residentId] }) }, { keyGroup: true }),
  ),
  'person.photo.get': channel(z.object({ residentId: id }), personPhoto.nullable(), read('rows', { keyGroup: true })),
  'person.photo.remove': channel(z.object({ residentId: id }), z.object({ removed: z.boolean() }), write({ refs: (i) => ({ resident: [i.residentId] }) }, { keyGroup: true })),
  'household.get': channel(z.object({ id }), household, read('rows')),
  'household.find': channel(z.object({ query: z.string().trim().max(40).default(''), gridId: id.optional(), limit: z.number().int().max(100).default(20) }), z.array(household.omit({ members: true }).extend({ memberCount: z.number(), headName: z.string().nullable() })), read('rows')),
  'household.create': channel(householdInput, household, write({ refs: (i) => ({ grid: [i.gridId] }) })),
  /** The 户 view's list (same filters, no limit) as xlsx. */
  'household.export': channel(z.object({ query: z.string().trim().max(40).default(''), gridId: id.optional(), path: outputPath }), exportResult, read('rows', { long: true })),
  'household.update': channel(householdInput.extend({ id }), household, write({ refs: (i) => ({ household: [i.id], grid: [i.gridId] }) })),
};
