// The descriptor forms' checks (renderer/src/components/form/formRules.ts) on the real contract schemas: an issue of
// the channel's zod schema lands on the field whose input key it names, also when the field fills another key, and
// the core's problems are placed the same way, by path.
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import '../../shared/zodMessages';
import { fieldProblem, problemsByField, schemaIssues, type CheckedField } from '../../renderer/src/components/form/formRules';

const help = (over: Record<string, unknown>) => ({ kind: 'help', releasedPersonId: 7, date: '2026-11-20', method: '面谈', staffId: null, staffName: '王芳', content: '谈心', ...over });
const staff: CheckedField = { name: 'staff', kind: 'staff', path: ['staffName', 'staffId'], required: '请选择经办人或填写姓名' };
const content: CheckedField = { name: 'content', kind: 'textarea' };
const date: CheckedField = { name: 'releaseDate', kind: 'date', required: true };

describe('a field’s problem', () => {
  it('comes from the channel’s schema at the field’s input key', () => {
    const issues = schemaIssues(contract['record.add'].input, help({ content: '' }));
    expect(fieldProblem(content, { content: '' }, '帮教内容', issues)).toBe('请填写帮教内容');
    expect(fieldProblem(staff, { staff: '王芳' }, '经办人', issues)).toBeNull();
  });

  it('follows a field that fills another key (经办人 → staffName)', () => {
    const issues = schemaIssues(contract['record.add'].input, help({ staffName: '名'.repeat(21) }));
    expect(fieldProblem(staff, { staff: '名'.repeat(21) }, '经办人', issues)).toBe('经办人不超过20个字');
    expect(fieldProblem(content, { content: '谈心' }, '帮教内容', issues)).toBeNull();
  });

  it('says the form’s own words when a required field is left empty, and the schema’s for a wrong value', () => {
    const schema = contract['released.register'].input;
    expect(fieldProblem(date, { releaseDate: null }, '释放日期', schemaIssues(schema, { residentId: 1 }))).toBe('请选择释放日期');
    expect(fieldProblem(staff, { staff: ' ' }, '经办人', new Map())).toBe('请选择经办人或填写姓名');
    const wrong = schemaIssues(schema, { residentId: 1, releaseDate: '2026-02-30' });
    expect(fieldProblem(date, { releaseDate: '2026-02-30' }, '释放日期', wrong)).toBe('释放日期不是有效日期（应为 YYYY-MM-DD）');
  });
});

describe('the core’s problems', () => {
  it('are placed by the first key of their path, renamed where a field fills another key', () => {
    const placed = problemsByField(
      [
        { path: ['date'], message: '报到日期早于释放日期' },
        { path: ['staffName'], message: '请选择经办人或填写经办人姓名' },
        { path: ['members', 0, 'name'], message: '请填写成员姓名' },
        { message: '没有路径的问题只在提示中' },
      ],
      { staffName: 'staff' },
    );
    expect([...placed]).toEqual([
      ['date', ['报到日期早于释放日期']],
      ['staff', ['请选择经办人或填写经办人姓名']],
      ['members', ['请填写成员姓名']],
    ]);
  });
});
