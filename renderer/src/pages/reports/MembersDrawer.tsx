// The persons behind a figure of T1–T4 (report.members): opened by clicking a count on the 报表 page, it lists the
// members the rule counted with the columns that explain why, exports them (report.membersExport, in the worker) and
// prints them — the whole list, with its own title on every page.
import { Alert, Drawer, Space, Spin, Table } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { ReportMembers, ReportTableId } from '../../../../shared/contract/reports';
import { call } from '../../api';
import { useLoad } from '../../components/ledger/common';
import { ExportButton, PrintButton } from '../../components/listTools';

export interface MembersTarget {
  table: ReportTableId;
  figure: string;
  /** 统计用区划代码 (or 未划分网格); absent = 合计. */
  village?: string;
}

type Row = ReportMembers['rows'][number] & { __index: number };

/** Prints only the list: the app behind the drawer is hidden, the list's title heads every page. */
function usePrintList(title: string) {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    if (!printing) return;
    const style = document.createElement('style');
    const quoted = `"${title.replace(/["\\]/g, '\\$&')}"`;
    style.textContent =
      `@media print { #root, .members-drawer .ant-drawer-header, .members-screen { display: none !important; }` +
      ` .ant-drawer-mask { display: none !important; } .ant-drawer-content-wrapper { position: static !important; width: auto !important; box-shadow: none !important; transform: none !important; }` +
      ` .ant-drawer, .ant-drawer-content, .ant-drawer-body { position: static !important; overflow: visible !important; padding: 0 !important; } }` +
      `@page { size: A4 landscape; @top-center { content: ${quoted}; font-size: 9pt; color: #555; }` +
      ` @bottom-center { content: "第 " counter(page) " 页  共 " counter(pages) " 页"; font-size: 9pt; } }`;
    document.head.appendChild(style);
    const done = () => setPrinting(false);
    window.addEventListener('afterprint', done);
    const t = window.setTimeout(() => window.print(), 50);
    return () => {
      window.clearTimeout(t);
      window.removeEventListener('afterprint', done);
      style.remove();
    };
  }, [printing, title]);
  return { printing, print: () => setPrinting(true) };
}

export function MembersDrawer({ month, target, townName, onClose }: { month: string; target: MembersTarget | null; townName: string; onClose: () => void }) {
  const key = target ? JSON.stringify([month, target]) : '';
  const { value, error, loading } = useLoad(() => (target ? call('report.members', { month, ...target }) : Promise.resolve(null)), [key]);
  // A list of another figure still on screen while the new one loads is not shown.
  const list = value && target && !loading ? value : null;
  const { printing, print } = usePrintList(list ? `${townName} ${list.title}` : '');
  const rows: Row[] = useMemo(() => (list ? list.rows.map((r, i) => ({ ...r, __index: i + 1 })) : []), [list]);
  const columns = useMemo(
    () => [
      { title: '序号', dataIndex: '__index', key: '__index', width: 56 },
      ...(list?.columns ?? []).map((c) => ({ title: c.label, dataIndex: c.key, key: c.key, width: Math.round(c.width * 9 + 16), className: c.key === 'idNumber' ? 'id-cell' : undefined })),
    ],
    [list],
  );

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={Math.min(1280, Math.round(window.innerWidth * 0.94))}
      rootClassName="members-drawer"
      title={list?.title ?? '名单'}
      destroyOnHidden
      extra={
        <Space className="no-print">
          <ExportButton
            defaultName={list ? `${townName}${list.title.replace(/ · /g, '_')}.xlsx` : '名单.xlsx'}
            run={(path, jobId) => call('report.membersExport', { month, ...target!, path }, { jobId })}
            disabled={!list}
            testId="members-export"
          />
          <PrintButton onClick={print} disabled={!list} />
        </Space>
      }
    >
      <div data-testid="members-drawer">
        {error ? <Alert type="error" showIcon title={error} data-testid="members-error" /> : null}
        {!list && !error ? <Spin /> : null}
        {list ? (
          <>
            <div className="members-summary" data-testid="members-summary" style={{ marginBottom: 8 }}>
              {list.tableName}　{list.figureLabel}　{list.village}：<b data-testid="members-total">{list.total}</b>
              {list.unit.includes('按户') ? ` 人，共 ${list.rows.length} 户` : ` ${list.unit}`}
            </div>
            <div className="members-screen">
              <Table<Row>
                size="small"
                rowKey="__index"
                columns={columns}
                dataSource={rows}
                pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 行` }}
                scroll={{ x: 'max-content' }}
                onRow={() => ({ 'data-testid': 'members-row' }) as React.HTMLAttributes<HTMLElement>}
              />
            </div>
            {printing ? (
              <div className="print-only">
                <div style={{ fontSize: '14pt', fontWeight: 600, textAlign: 'center', marginBottom: '6pt' }}>
                  {townName}
                  {list.tableName}·{list.figureLabel}名单
                </div>
                <table className="print-table">
                  <thead>
                    <tr>
                      {columns.map((c) => (
                        <th key={c.key}>{c.title}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.__index}>
                        {columns.map((c) => (
                          <td key={c.key} className={c.key === 'idNumber' ? 'mono' : undefined}>
                            {String(r[c.key as keyof Row] ?? '')}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </>
        ) : null}
      </div>
    </Drawer>
  );
}
