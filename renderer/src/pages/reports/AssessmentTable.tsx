// 周巡查 and 年评比 on the 报表 page's T6 tab: the table of the period as shared/reports/assessment.ts lays it out
// (the xlsx export reads the same columns).
import { Tag } from 'antd';
import type { AssessmentOut } from '../../../../shared/contract/visits';
import { assessmentTable, cellText } from '../../../../shared/reports/assessment';

export type AssessmentPeriodKind = 'week' | 'month' | 'year';

const GRADE_COLOR: Record<string, string> = { 优秀: 'green', 合格: 'blue', 不合格: 'red' };

export function AssessmentTable({ value }: { value: Exclude<AssessmentOut, { period: 'month' }> }) {
  const table = assessmentTable(value);
  return (
    <>
      <div className="report-info" data-testid="assessment-subtitle">
        <span>{table.subtitle}</span>
      </div>
      <div className="report-scroll">
        <table className="report-table" data-testid={`assessment-${value.period}`}>
          <colgroup>
            {table.columns.map((c) => (
              <col key={c.key} style={{ width: `${c.width}em` }} />
            ))}
          </colgroup>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c.key}>{c.header}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.length === 0 ? (
              <tr>
                <td colSpan={table.columns.length} style={{ textAlign: 'center' }} className="muted">
                  本期没有在岗的网格员
                </td>
              </tr>
            ) : null}
            {table.rows.map((row, i) => {
              const total = (row as { worker: string }).worker === '合计';
              return (
                <tr key={i} className={total ? 'report-total' : undefined}>
                  {table.columns.map((c) => {
                    const text = cellText(c, row);
                    return (
                      <td key={c.key} style={{ textAlign: c.kind === 'text' ? 'left' : 'right' }}>
                        {c.key === 'grade' && GRADE_COLOR[text] ? <Tag color={GRADE_COLOR[text]}>{text}</Tag> : text}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
