// 实有人口: search residents (name, pinyin initials, full pinyin, ID fragment, phone) with filters over a
// virtual table, open a person or a household, add people and households, export and print.
import { HomeOutlined, PlusOutlined, SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Input, Segmented, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { householdTagTable, labelOf } from '../../../shared/codes';
import type { ChannelOutput } from '../../../shared/contract';
import type { Household, PersonFilter, PersonRow } from '../../../shared/contract/people';
import type { Town } from '../../../shared/contract/town';
import { call, errorMessage } from '../api';
import { CodeSelect } from '../components/fields';
import { useHashParams } from '../components/ledger/common';
import { ExportButton, PrintButton, usePrint } from '../components/listTools';
import { GridSelect, useGridTree, VillageSelect } from '../gridData';
import { HouseholdDialog } from './people/HouseholdDialog';
import { PersonDialog } from './people/PersonDialog';
import { HouseholdDrawer, PersonDrawer } from './people/PersonDrawer';
import { ResidentPrintTable, ResidentTable } from './people/ResidentTable';

type Status = '在册' | '迁出' | '死亡' | '全部';

function initialFromHash(): Partial<PersonFilter> & { view?: string } {
  const q = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  return { noGrid: q.get('noGrid') === '1', query: q.get('q') ?? '', view: q.get('view') ?? undefined };
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** person.search's largest page. */
const PRINT_PAGE = 1000;
/** Above this many rows the staffer is told how many pages the printout will be before it is prepared. */
const PRINT_CONFIRM_ROWS = 3000;
/** About how many rows of the resident list an A4 landscape page holds. */
const ROWS_PER_PAGE = 28;

export function PeoplePage({ town }: { town: Town }) {
  const { modal, message } = App.useApp();
  const init = useMemo(initialFromHash, []);
  const { tree } = useGridTree();
  const [view, setView] = useState<'people' | 'households'>(init.view === 'households' ? 'households' : 'people');
  const [query, setQuery] = useState(init.query ?? '');
  const [villageId, setVillageId] = useState<number | undefined>();
  const [gridId, setGridId] = useState<number | undefined>();
  const [tag, setTag] = useState<string | undefined>();
  const [residenceKind, setResidenceKind] = useState<string | undefined>();
  const [status, setStatus] = useState<Status>('在册');
  const [noGrid, setNoGrid] = useState(!!init.noGrid);
  const [total, setTotal] = useState<number | null>(null);
  const [totalAtLeast, setTotalAtLeast] = useState(false);
  const onTotal = useCallback((n: number | null, atLeast: boolean) => {
    setTotal(n);
    setTotalAtLeast(atLeast);
  }, []);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [personId, setPersonId] = useState<number | null>(null);
  const [householdId, setHouseholdId] = useState<number | null>(null);
  const [personDialog, setPersonDialog] = useState<{ household: Household | null } | null>(null);
  const [householdDialog, setHouseholdDialog] = useState<{ household: Household | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [printRows, setPrintRows] = useState<PersonRow[]>([]);
  const debouncedQuery = useDebounced(query, 250);
  // #/people?person=ID or ?household=ID (the header search, the duplicate-ID link) opens that record.
  const params = useHashParams();
  const openPersonParam = params.get('person');
  const openHouseholdParam = params.get('household');
  const openedAt = params.get('at'); // a new value opens the same record again
  useEffect(() => {
    if (openPersonParam && Number(openPersonParam) > 0) setPersonId(Number(openPersonParam));
  }, [openPersonParam, openedAt]);
  useEffect(() => {
    if (openHouseholdParam && Number(openHouseholdParam) > 0) setHouseholdId(Number(openHouseholdParam));
  }, [openHouseholdParam, openedAt]);

  const filter: PersonFilter = useMemo(
    () => ({ query: debouncedQuery.trim(), villageId, gridId: noGrid ? undefined : gridId, tag, residenceKind, status, noGrid }),
    [debouncedQuery, villageId, gridId, tag, residenceKind, status, noGrid],
  );

  // The printout holds every row of the list, read a page at a time with the progress shown; a long list asks first.
  const preparePrint = useCallback(async () => {
    const all = total ?? 0;
    // A broad query is counted only so far (person.search); the printout still holds every match.
    const howMany = totalAtLeast ? `超过 ${all.toLocaleString('zh-CN')} 人` : `共 ${all.toLocaleString('zh-CN')} 人`;
    if (all > PRINT_CONFIRM_ROWS) {
      const ok = await modal.confirm({
        title: '名单较长',
        content: `当前名单${howMany}，打印${totalAtLeast ? '超过' : '约'} ${Math.ceil(all / ROWS_PER_PAGE).toLocaleString('zh-CN')} 页，准备需要一些时间。只要电子文件请用「导出 Excel」。`,
        okText: totalAtLeast ? '打印全部' : `打印全部 ${all.toLocaleString('zh-CN')} 人`,
        cancelText: '取消',
      });
      if (!ok) return false;
    }
    const key = 'print-progress';
    try {
      const rows: PersonRow[] = [];
      for (let offset = 0; ; offset += PRINT_PAGE) {
        message.loading({ key, content: `正在准备打印：${rows.length.toLocaleString('zh-CN')}${totalAtLeast ? '' : ` / ${all.toLocaleString('zh-CN')}`} 人`, duration: 0 });
        const r = await call('person.search', { ...filter, offset, limit: PRINT_PAGE });
        rows.push(...r.rows);
        if (r.rows.length < PRINT_PAGE || (!r.totalAtLeast && rows.length >= r.total)) break;
      }
      message.destroy(key);
      setPrintRows(rows);
      return true;
    } catch (err) {
      message.destroy(key);
      modal.error({ title: '无法打印', content: errorMessage(err) });
      return false;
    }
  }, [filter, total, totalAtLeast, modal, message]);
  const { print } = usePrint(preparePrint);

  const refresh = () => setReloadKey((k) => k + 1);

  const filterText = [
    villageId ? tree?.villages.find((v) => v.id === villageId)?.name : null,
    tag ? labelOf(householdTagTable, tag) : null,
    residenceKind === '1' ? '户籍人口' : residenceKind === '2' ? '流动人口' : null,
    status !== '全部' ? status : null,
    noGrid ? '无网格' : null,
    filter.query ? `“${filter.query}”` : null,
  ].filter(Boolean).join('，');

  return (
    <div className="people-page" data-testid="people-page">
      <div className="page-head">
        <Space size={16} align="center">
          <h1 className="page-title">实有人口</h1>
          <Segmented
            className="no-print"
            value={view}
            onChange={(v) => setView(v as 'people' | 'households')}
            options={[
              { value: 'people', label: '人员名单' },
              { value: 'households', label: '户' },
            ]}
            data-testid="people-view"
          />
        </Space>
        <Space className="no-print">
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setPersonDialog({ household: null })} data-testid="new-person">
            新增人员
          </Button>
          <Button icon={<HomeOutlined />} onClick={() => setHouseholdDialog({ household: null })} data-testid="new-household">
            新建户
          </Button>
          {view === 'people' ? (
            <>
              <ExportButton defaultName={`${town.name}实有人口.xlsx`} run={(path, jobId) => call('person.export', { ...filter, path }, { jobId })} disabled={total === 0} />
              <PrintButton onClick={() => void print()} disabled={total === 0} />
            </>
          ) : null}
        </Space>
      </div>
      {notice ? <Alert type="success" showIcon closable={{ onClose: () => setNotice(null) }} title={notice} style={{ marginBottom: 12 }} data-testid="people-notice" className="no-print" /> : null}

      {view === 'people' ? (
        <>
          <div className="filter-bar no-print">
            <Input
              prefix={<SearchOutlined />}
              allowClear
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="搜索：姓名、拼音（如 zs）、身份证号、电话"
              style={{ width: 340 }}
              maxLength={40}
              data-testid="people-search"
            />
            <VillageSelect
              tree={tree}
              value={villageId}
              onChange={(v) => {
                setVillageId(v ?? undefined);
                setGridId(undefined);
              }}
              style={{ width: 140 }}
            />
            <GridSelect tree={tree} villageId={villageId} value={gridId} onChange={(v) => setGridId(v ?? undefined)} style={{ width: 190 }} disabled={noGrid} />
            <CodeSelect table={householdTagTable} value={tag} onChange={(v) => setTag(v ?? undefined)} placeholder="全部户标签" style={{ width: 140 }} />
            <Select
              allowClear
              value={residenceKind}
              onChange={(v) => setResidenceKind(v ?? undefined)}
              placeholder="户籍和流动"
              style={{ width: 120 }}
              options={[
                { value: '1', label: '户籍人口' },
                { value: '2', label: '流动人口' },
              ]}
            />
            <Select<Status> value={status} onChange={setStatus} style={{ width: 96 }} options={(['在册', '迁出', '死亡', '全部'] as const).map((s) => ({ value: s, label: s === '全部' ? '全部状态' : s }))} />
            <Checkbox checked={noGrid} onChange={(e) => setNoGrid(e.target.checked)}>
              仅无网格
            </Checkbox>
          </div>
          <div className="print-title">
            {town.name}实有人口名单{filterText ? `（${filterText}）` : ''}
          </div>
          <ResidentTable filter={filter} onOpen={setPersonId} onTotal={onTotal} onError={setSearchError} reloadKey={reloadKey} />
          <div className="table-status no-print">
            <span data-testid="people-total">{total === null ? (searchError ? '查询失败' : '正在查询…') : totalAtLeast ? <><b>{total.toLocaleString('zh-CN')}</b> 人以上</> : <>共 <b>{total.toLocaleString('zh-CN')}</b> 人</>}</span>
            {filterText ? <span>条件：{filterText}</span> : null}
            <span className="muted">点击一行查看详情；名单随滚动分批读取</span>
          </div>
          <div className="print-only">
            <ResidentPrintTable rows={printRows} />
          </div>
        </>
      ) : (
        <HouseholdList tree={tree} onOpen={setHouseholdId} reloadKey={reloadKey} />
      )}

      {personId !== null ? (
        <PersonDrawer id={personId} tree={tree} onClose={() => setPersonId(null)} onOpen={setPersonId} onChanged={refresh} />
      ) : null}
      {householdId !== null ? (
        <HouseholdDrawer
          id={householdId}
          tree={tree}
          reloadKey={reloadKey}
          onClose={() => setHouseholdId(null)}
          onOpenPerson={setPersonId}
          onAddMember={(h) => setPersonDialog({ household: h })}
          onEdit={(h) => setHouseholdDialog({ household: h })}
        />
      ) : null}
      {personDialog ? (
        <PersonDialog
          tree={tree}
          person={null}
          household={personDialog.household}
          onCancel={() => setPersonDialog(null)}
          onDone={(p) => {
            setPersonDialog(null);
            setNotice(`已登记「${p.name}」（${p.idNumber}）`);
            refresh();
          }}
        />
      ) : null}
      {householdDialog ? (
        <HouseholdDialog
          tree={tree}
          household={householdDialog.household}
          onCancel={() => setHouseholdDialog(null)}
          onDone={(h, created) => {
            setHouseholdDialog(null);
            setNotice(created ? `已新建户 ${h.number}，可在户信息中添加成员` : `已保存户 ${h.number}`);
            refresh();
            if (created) setHouseholdId(h.id);
          }}
        />
      ) : null}
    </div>
  );
}

type HouseholdItem = ChannelOutput<'household.find'>[number];

function HouseholdList({ tree, onOpen, reloadKey }: { tree: ReturnType<typeof useGridTree>['tree']; onOpen: (id: number) => void; reloadKey: number }) {
  const [query, setQuery] = useState('');
  const [gridId, setGridId] = useState<number | undefined>();
  const [rows, setRows] = useState<HouseholdItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const q = useDebounced(query, 250);
  const LIMIT = 100;
  useEffect(() => {
    let live = true;
    call('household.find', { query: q.trim(), gridId, limit: LIMIT })
      .then((r) => live && (setRows(r), setError(null)))
      .catch((err) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [q, gridId, reloadKey]);

  const columns: ColumnsType<HouseholdItem> = [
    { title: '户号', dataIndex: 'number', width: 150, render: (v: string) => <span className="mono">{v}</span> },
    { title: '户主', dataIndex: 'headName', width: 100, render: (v: string | null) => v ?? <span className="muted">未登记</span> },
    { title: '人数', dataIndex: 'memberCount', width: 64, align: 'right' },
    { title: '所属网格', width: 200, render: (_: unknown, h) => (h.gridName ? `${h.villageName ?? ''}·${h.gridName}` : <Tag color="red">无网格</Tag>) },
    { title: '住址', dataIndex: 'address', ellipsis: true },
    {
      title: '户标签',
      dataIndex: 'tags',
      width: 260,
      render: (tags: string[]) => (
        <span className="tag-line">
          {tags.map((t) => (
            <Tag key={t} color="blue">
              {labelOf(householdTagTable, t)}
            </Tag>
          ))}
        </span>
      ),
    },
  ];

  return (
    <div data-testid="household-list">
      <div className="filter-bar">
        <Input
          prefix={<SearchOutlined />}
          allowClear
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="户号、户主姓名或住址"
          style={{ width: 300 }}
          maxLength={40}
          data-testid="household-search"
        />
        <GridSelect tree={tree} value={gridId} onChange={(v) => setGridId(v ?? undefined)} style={{ width: 220 }} />
        <span className="filter-count">{rows ? (rows.length >= LIMIT ? `显示前 ${LIMIT} 户，请输入条件缩小范围` : `共 ${rows.length} 户`) : ''}</span>
        <span style={{ marginLeft: 'auto' }}>
          {/* The file holds every matching household, not only the 100 shown. */}
          <ExportButton defaultName="住户一览表.xlsx" run={(path, jobId) => call('household.export', { query: q.trim(), gridId, path }, { jobId })} disabled={!rows?.length} testId="household-export" />
        </span>
      </div>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Table<HouseholdItem>
        size="small"
        bordered
        rowKey="id"
        columns={columns}
        dataSource={rows ?? []}
        loading={rows === null && !error}
        pagination={false}
        scroll={{ y: 'calc(100vh - 300px)' }}
        onRow={(h) => ({ onClick: () => onOpen(h.id), className: 'clickable-row' })}
        locale={{ emptyText: <span>没有找到户。<PlusOutlined /> 可点击右上角「新建户」</span> }}
        data-testid="household-table"
      />
    </div>
  );
}
