// 统计报表: pick a month and a table (T1–T6) and see it as its definition lays it out (shared/reports/tables.ts) —
// the same two-row header, villages as rows and the 合计 row the xlsx and PDF get — then export or print it. T6 (网格员
// 考核) also switches to the week (周巡查) or the year (年评比), shown and exported as shared/reports/assessment.ts lays
// them out.
import { DatePicker, Alert, Segmented, Space, Spin, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { ReportFigures, ReportTableId } from '../../../../shared/contract/reports';
import type { Town } from '../../../../shared/contract/town';
import { ALL_TABLES, figureOf, headerLayout, periodLabel, rateText, type FigureRow, type TableColumn, type TableDefinition } from '../../../../shared/reports/tables';
import type { T6FiguresOut } from '../../../../shared/contract/visits';
import { call } from '../../api';
import { useLoad, yuan } from '../../components/ledger/common';
import { ExportButton, PrintButton, usePrint } from '../../components/listTools';
import { hasMembers } from '../../../../shared/reports/members';
import { MembersDrawer, type MembersTarget } from './MembersDrawer';
import { MonthlyReportButton } from './MonthlyReportButton';
import { MonthNoteEditor } from './MonthNoteEditor';
import { ReportCharts } from './ReportCharts';
import { AssessmentTable, type AssessmentPeriodKind } from './AssessmentTable';
import { assessmentTable } from '../../../../shared/reports/assessment';

const PERIODS: { value: AssessmentPeriodKind; label: string }[] = [
  { value: 'week', label: '周巡查' },
  { value: 'month', label: '月考核' },
  { value: 'year', label: '年评比' },
];

const IDS: ReportTableId[] = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'];
const SHORT: Record<ReportTableId, string> = { T1: 'T1 安置帮教', T2: 'T2 严重精神障碍', T3: 'T3 低保', T4: 'T4 网格化', T5: 'T5 矛盾纠纷', T6: 'T6 网格员考核' };

function cellText(col: TableColumn, row: FigureRow, index: number | null): string {
  if (col.kind === 'index') return index === null ? '' : String(index);
  const v = figureOf(row, col.figure!);
  if (col.kind === 'rate') return rateText(v as number | null);
  if (col.kind === 'money') return yuan(v as number);
  if (col.kind === 'score') return v === null ? '—' : Number(v).toFixed(1);
  return v === null ? '' : String(v);
}

function rowsOf(figures: ReportFigures, id: Exclude<ReportTableId, 'T6'>): { rows: FigureRow[]; total: FigureRow } {
  const t = { T1: figures.t1, T2: figures.t2, T3: figures.t3, T4: figures.t4, T5: figures.t5 }[id];
  return { rows: t.rows as FigureRow[], total: { ...(t.total as FigureRow), village: '合计' } };
}

/** T6: a row per grid worker (visit.assessment); 合计 says so in the worker column only. */
function workerRowsOf(t6: T6FiguresOut): { rows: FigureRow[]; total: FigureRow } {
  return { rows: t6.rows as unknown as FigureRow[], total: { ...(t6.total as unknown as FigureRow), worker: '合计', village: '', grids: '' } };
}

/** A count with a member list is a link that opens the list (report.members); other cells are text. */
function FigureCell({ def, col, row, index, onFigure }: { def: TableDefinition; col: TableColumn; row: FigureRow; index: number | null; onFigure?: (col: TableColumn, row: FigureRow) => void }) {
  const text = cellText(col, row, index);
  if (!onFigure || !hasMembers(def.id, col)) return <>{text}</>;
  return (
    <a className="figure-link" role="button" title="查看名单" onClick={() => onFigure(col, row)} data-testid={`figure-${col.figure}-${index ?? 'total'}`}>
      {text}
    </a>
  );
}

/** The table as its definition lays it out: the header cells with their spans, a row per village, 合计. */
function DefinedTable({ def, rows, total, onFigure }: { def: TableDefinition; rows: FigureRow[]; total: FigureRow; onFigure?: (col: TableColumn, row: FigureRow) => void }) {
  const header = headerLayout(def);
  const align = (c: TableColumn) => (c.kind === 'text' ? 'left' : c.kind === 'index' ? 'center' : 'right');
  return (
    <div className="report-scroll">
      <table className="report-table" data-testid={`report-${def.id}`}>
        <colgroup>
          {def.columns.map((c, i) => (
            <col key={i} style={{ width: `${c.width}em` }} />
          ))}
        </colgroup>
        <thead>
          {Array.from({ length: header.rows }, (_, r) => (
            <tr key={r}>
              {header.cells
                .filter((h) => h.row === r)
                .map((h) => (
                  <th key={h.col} rowSpan={h.rowSpan} colSpan={h.colSpan}>
                    {h.label}
                  </th>
                ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {def.columns.map((c, j) => (
                <td key={j} style={{ textAlign: align(c) }}>
                  <FigureCell def={def} col={c} row={row} index={i + 1} onFigure={onFigure} />
                </td>
              ))}
            </tr>
          ))}
          <tr className="report-total" data-testid="report-total">
            {def.columns.map((c, j) => (
              <td key={j} style={{ textAlign: align(c) }}>
                <FigureCell def={def} col={c} row={total} index={null} onFigure={onFigure} />
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

export function ReportsPage({ town }: { town: Town }) {
  const [month, setMonth] = useState(() => dayjs().format('YYYY-MM'));
  const [id, setId] = useState<ReportTableId>('T1');
  const { value, error, loading } = useLoad(() => call('report.figures', { month }), [month]);
  // A frozen month shows the figures kept when its package was made (月报); a village user has no package to show.
  const kept = useLoad(() => call('month.get', { month }).catch(() => null), [month]);
  const frozen = kept.value && (kept.value.state === 'frozen' || kept.value.state === 'sent') ? kept.value : null;
  const { print } = usePrint();
  const def: TableDefinition = ALL_TABLES[id];
  // T6's period: the week (any day of it), the month above, or the year.
  const [period, setPeriod] = useState<AssessmentPeriodKind>('month');
  const [weekDay, setWeekDay] = useState(() => dayjs().format('YYYY-MM-DD'));
  const [year, setYear] = useState(() => dayjs().format('YYYY'));
  const t6Period = id === 'T6' ? period : 'month';
  const periodInput = t6Period === 'week' ? { week: weekDay } : t6Period === 'year' ? { year } : { month };
  const t6 = useLoad(() => (id === 'T6' ? call('visit.assessment', periodInput) : Promise.resolve(null)), [month, id, t6Period, weekDay, year]);
  const monthT6 = t6.value?.period === 'month' ? t6.value : null;
  const otherT6 = t6.value && t6.value.period !== 'month' && t6.value.period === t6Period ? t6.value : null;
  const data = id === 'T6' ? (monthT6 && t6Period === 'month' ? workerRowsOf(monthT6) : null) : value ? rowsOf(value, id) : null;
  const title = otherT6 ? assessmentTable(otherT6).title : `${value?.townName ?? town.name}${def.name}`;
  const villages = useLoad(() => call('village.list', {}), []);
  const [members, setMembers] = useState<MembersTarget | null>(null);
  // 合计 has no village; a village row is asked for by its code, the 未划分网格 row by its name.
  const openMembers = (col: TableColumn, row: FigureRow) => {
    // T6's rows are workers, asked for by their staff number.
    if (id === 'T6') {
      setMembers({ table: id, figure: col.figure!, ...(row.worker === '合计' ? {} : { village: String(row.staffId) }) });
      return;
    }
    const name = String(row.village);
    const code = villages.value?.find((v) => v.name === name)?.code;
    setMembers({ table: id, figure: col.figure!, ...(name === '合计' ? {} : { village: code ?? name }) });
  };

  return (
    <div data-testid="reports-page">
      <div className="page-head">
        <h1 className="page-title">
          统计报表
          {frozen ? (
            <Tag color="blue" style={{ marginLeft: 12, verticalAlign: 'middle' }} data-testid="report-frozen">
              本月已生成月报（{frozen.frozenAt?.slice(0, 10)}），显示报送时的数字
            </Tag>
          ) : null}
        </h1>
        <Space className="no-print">
          {id === 'T6' ? (
            <Segmented<AssessmentPeriodKind> value={period} onChange={setPeriod} options={PERIODS} data-testid="t6-period" />
          ) : null}
          {t6Period === 'week' ? (
            <DatePicker
              picker="week"
              allowClear={false}
              value={dayjs(weekDay)}
              onChange={(d) => d && setWeekDay(d.format('YYYY-MM-DD'))}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              data-testid="t6-week"
            />
          ) : t6Period === 'year' ? (
            <DatePicker
              picker="year"
              allowClear={false}
              value={dayjs(`${year}-01-01`)}
              onChange={(d) => d && setYear(d.format('YYYY'))}
              disabledDate={(d) => d.isAfter(dayjs(), 'year')}
              data-testid="t6-year"
            />
          ) : (
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            data-testid="report-month"
          />
          )}
          {otherT6 ? (
            <ExportButton
              defaultName={`${title}${otherT6.period === 'week' ? otherT6.from : otherT6.year}.xlsx`}
              run={(path, jobId) => call('visit.assessment.export', { ...periodInput, path }, { jobId })}
              testId="report-export"
            />
          ) : (
            <ExportButton
              defaultName={`${town.name}${def.name}${month}.xlsx`}
              run={(path, jobId) => call('report.table', { table: id, month, path }, { jobId })}
              disabled={!value}
              testId="report-export"
            />
          )}
          <PrintButton onClick={() => void print()} disabled={!value && !otherT6} />
          <MonthlyReportButton month={month} townName={value?.townName ?? town.name} disabled={!value} />
        </Space>
      </div>
      <Segmented<ReportTableId> className="no-print" value={id} onChange={setId} options={IDS.map((t) => ({ value: t, label: SHORT[t] }))} data-testid="report-choice" style={{ marginBottom: 12 }} />
      {error || (id === 'T6' && t6.error) ? <Alert type="error" showIcon title={error ?? t6.error} style={{ marginBottom: 12 }} data-testid="report-error" /> : null}
      <div className="report-sheet">
        <div className="report-title print-title" data-testid="report-title">
          {title}
        </div>
        {otherT6 ? (
          <AssessmentTable value={otherT6} />
        ) : (
          <>
            <div className="report-info">
              <span>填报单位：{value?.townName ?? town.name}综治中心（盖章）</span>
              <span>{periodLabel(month)}</span>
              <span>{def.units}</span>
            </div>
            {(loading || (id === 'T6' && t6.loading)) && !data ? <Spin /> : data ? <DefinedTable def={def} rows={data.rows} total={data.total} onFigure={openMembers} /> : null}
          </>
        )}
        <div className="report-footer">{def.footer.replace('{填报日期}', dayjs().format('YYYY年M月D日'))}</div>
      </div>
      <MembersDrawer month={month} target={members} townName={value?.townName ?? town.name} onClose={() => setMembers(null)} />
      <ReportCharts table={id} month={month} figures={value} t6={monthT6} />
      <div className="no-print" style={{ marginTop: 16 }}>
        <MonthNoteEditor month={month} />
      </div>
    </div>
  );
}
