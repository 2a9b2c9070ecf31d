// A virtual table of residents: only the visible rows are in the DOM, and rows come from the core
// a page at a time (person.search offset/limit) as the user scrolls, so 100,000 residents stay smooth.
import { useVirtualizer } from '@tanstack/react-virtual';
import { Alert, Empty, Spin, Tag } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { labelOf, relationTable, residenceKindTable, sexTable } from '../../../../shared/codes';
import type { PersonFilter, PersonRow } from '../../../../shared/contract/people';
import { call, errorMessage } from '../../api';

const PAGE = 200;
// Two lines a row: the address and the place wrap instead of being cut off on a 1366-wide screen.
const ROW_HEIGHT = 44;
/** Pages kept in memory; the ones farthest from view go first. */
const MAX_PAGES = 40;

export interface Column {
  key: string;
  title: string;
  width: string;
  align?: 'right' | 'center';
  render: (r: PersonRow) => ReactNode;
  className?: string;
  /** Tooltip text for long cells. */
  tip?: (r: PersonRow) => string;
}

const statusColor: Record<string, string> = { 迁出: 'default', 死亡: 'default' };

export const residentColumns: Column[] = [
  { key: 'name', title: '姓名', width: '80px', render: (r) => r.name },
  { key: 'sex', title: '性别', width: '44px', align: 'center', render: (r) => labelOf(sexTable, r.sex) },
  { key: 'age', title: '年龄', width: '46px', align: 'right', render: (r) => r.age },
  { key: 'idNumber', title: '公民身份号码', width: '168px', className: 'mono', render: (r) => r.idNumber },
  { key: 'phone', title: '联系电话', width: '110px', render: (r) => r.phone },
  {
    key: 'kind',
    title: '类别',
    width: '48px',
    align: 'center',
    render: (r) => {
      const label = labelOf(residenceKindTable, r.residenceKind);
      return label.startsWith('流动') ? <span className="kind-float">流动</span> : '户籍';
    },
  },
  {
    key: 'grid',
    title: '所属网格',
    width: '120px',
    className: 'wrap',
    render: (r) =>
      r.gridName ? (
        <>
          {r.villageName ?? ''}
          <br />
          <span className="muted">{r.gridName}</span>
        </>
      ) : (
        <span className="muted">无网格</span>
      ),
  },
  { key: 'household', title: '户号', width: '146px', className: 'mono', render: (r) => r.householdNumber ?? '' },
  { key: 'relation', title: '户内关系', width: '72px', render: (r) => labelOf(relationTable, r.relation) },
  { key: 'address', title: '现住址', width: 'minmax(170px, 1fr)', className: 'wrap', tip: (r) => r.currentAddress, render: (r) => r.currentAddress },
  {
    key: 'status',
    title: '状态',
    width: '56px',
    align: 'center',
    render: (r) => (r.status === '在册' ? '在册' : <Tag color={statusColor[r.status]}>{r.status}</Tag>),
  },
];

export const gridTemplate = ['58px', ...residentColumns.map((c) => c.width)].join(' ');

export function ResidentTable({ filter, onOpen, onTotal, onError, reloadKey }: {
  filter: PersonFilter;
  onOpen: (id: number) => void;
  /** The count, and whether it is a lower bound (a query counts only so far past the page: person.search). */
  onTotal?: (total: number | null, atLeast: boolean) => void;
  onError?: (message: string | null) => void;
  /** Change to refetch with the same filter (after an edit). */
  reloadKey?: number;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const pages = useRef(new Map<number, PersonRow[]>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const [total, setTotal] = useState<number | null>(null);
  const [atLeast, setAtLeast] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [, setVersion] = useState(0);
  const filterKey = JSON.stringify(filter);

  const fetchPage = useCallback(
    (page: number) => {
      if (pages.current.has(page) || inflight.current.has(page)) return;
      const gen = generation.current;
      inflight.current.add(page);
      call('person.search', { ...(JSON.parse(filterKey) as PersonFilter), offset: page * PAGE, limit: PAGE })
        .then((r) => {
          if (gen !== generation.current) return;
          pages.current.set(page, r.rows);
          // A broad query's count grows as the list is read further; an earlier page must not shrink it again.
          setTotal((before) => (r.totalAtLeast ? Math.max(before ?? 0, r.total) : r.total));
          setAtLeast(r.totalAtLeast);
          setError(null);
          setVersion((v) => v + 1);
        })
        .catch((err) => {
          if (gen === generation.current) setError(errorMessage(err));
        })
        .finally(() => {
          if (gen === generation.current) inflight.current.delete(page);
        });
    },
    [filterKey],
  );

  // A new filter (or a reload) starts from the top with an empty cache.
  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    inflight.current = new Set();
    setTotal(null);
    setAtLeast(false);
    setError(null);
    scrollRef.current?.scrollTo({ top: 0 });
    fetchPage(0);
  }, [fetchPage, reloadKey]);

  useEffect(() => onTotal?.(total, atLeast), [total, atLeast, onTotal]);
  useEffect(() => onError?.(error), [error, onError]);

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  // Fetch the pages in view once scrolling pauses briefly, so dragging the scrollbar across
  // 100,000 rows does not ask for every page on the way.
  useEffect(() => {
    if (total === null || total === 0) return;
    const firstPage = Math.floor(first / PAGE);
    const lastPage = Math.floor(last / PAGE);
    const t = window.setTimeout(() => {
      for (let p = firstPage; p <= lastPage; p++) fetchPage(p);
      if (pages.current.size > MAX_PAGES) {
        const far = [...pages.current.keys()].sort((a, b) => Math.abs(b - firstPage) - Math.abs(a - firstPage));
        for (const p of far.slice(0, pages.current.size - MAX_PAGES)) pages.current.delete(p);
      }
    }, 60);
    return () => window.clearTimeout(t);
  }, [first, last, total, fetchPage]);

  const rowAt = (index: number): PersonRow | undefined => pages.current.get(Math.floor(index / PAGE))?.[index % PAGE];

  return (
    <div className="vtable" data-testid="resident-table">
      {error ? <Alert type="error" showIcon title={error} style={{ margin: 8 }} data-testid="resident-error" /> : null}
      <div className="vtable-scroll" ref={scrollRef}>
        <div className="vtable-head" style={{ gridTemplateColumns: gridTemplate }}>
          <div className="vcell right">序号</div>
          {residentColumns.map((c) => (
            <div key={c.key} className={`vcell${c.align ? ` ${c.align}` : ''}`}>
              {c.title}
            </div>
          ))}
        </div>
        {total === null && !error ? (
          <div className="vtable-empty">
            <Spin />
          </div>
        ) : total === 0 ? (
          <div className="vtable-empty">
            <Empty description="没有符合条件的人员" />
          </div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const r = rowAt(item.index);
              return (
                <div
                  key={item.key}
                  className={`vtable-row${r ? '' : ' loading'}${item.index % 2 ? ' odd' : ''}${r && r.status !== '在册' ? ' left' : ''}`}
                  style={{ gridTemplateColumns: gridTemplate, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onClick={r ? () => onOpen(r.id) : undefined}
                  data-testid={r ? 'resident-row' : 'resident-row-loading'}
                  data-id={r?.id}
                >
                  <div className="vcell right muted">{item.index + 1}</div>
                  {r
                    ? residentColumns.map((c) => (
                        <div key={c.key} className={`vcell${c.align ? ` ${c.align}` : ''}${c.className ? ` ${c.className}` : ''}`} title={c.tip?.(r)}>
                          {c.render(r)}
                        </div>
                      ))
                    : residentColumns.map((c) => (
                        <div key={c.key} className="vcell">
                          <span className="skeleton" />
                        </div>
                      ))}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

/** The print form: a plain table of the given rows (the virtual table cannot be printed). */
export function ResidentPrintTable({ rows }: { rows: PersonRow[] }) {
  return (
    <table className="print-table">
      <thead>
        <tr>
          <th>序号</th>
          {residentColumns.map((c) => (
            <th key={c.key}>{c.title}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.id}>
            <td>{i + 1}</td>
            {residentColumns.map((c) => (
              <td key={c.key} className={c.className}>
                {c.render(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
