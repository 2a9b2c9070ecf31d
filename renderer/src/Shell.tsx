// The app frame: first-run setup when no town exists, otherwise navigation + header + page; a banner
// whenever the open database is the demo (or not the town's own file).
import { AlertOutlined, ApartmentOutlined, AuditOutlined, BarChartOutlined, CarryOutOutlined, EnvironmentOutlined, FileExcelOutlined, FileSearchOutlined, FileTextOutlined, HomeOutlined, IdcardOutlined, ImportOutlined, LockOutlined, MedicineBoxOutlined, SafetyOutlined, ScheduleOutlined, SendOutlined, SettingOutlined, TeamOutlined, UserOutlined, WalletOutlined } from '@ant-design/icons';
import { Alert, Button, Layout, Menu, Result, Spin } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { Town } from '../../shared/contract/town';
import type { WorkspaceState } from '../../shared/contract/workspace';
import { call, errorMessage } from './api';
import { HeaderSearch } from './components/search/HeaderSearch';
import { AuditPage, useMayAudit } from './pages/AuditPage';
import { ChecksPage } from './pages/checks/ChecksPage';
import { GridsPage } from './pages/GridsPage';
import { HomePage } from './pages/HomePage';
import { ImportPage } from './pages/ImportPage';
import { MapPage, warmMap } from './pages/MapPage';
import { LowIncomePage } from './pages/ledgers/LowIncomePage';
import { PatientPage } from './pages/ledgers/PatientPage';
import { ReleasedPage } from './pages/ledgers/ReleasedPage';
import { PeoplePage } from './pages/PeoplePage';
import { MonthPackagePage } from './pages/reports/MonthPackagePage';
import { CountyFormsPage } from './pages/reports/CountyFormsPage';
import { LettersPage } from './pages/letters/LettersPage';
import { ReportsPage } from './pages/reports/ReportsPage';
import { SettingsPage } from './pages/SettingsPage';
import { SetupPage } from './pages/SetupPage';
import { StaffPage } from './pages/StaffPage';
import { TodayPage } from './pages/today/TodayPage';
import { EventsPage } from './pages/events/EventsPage';
import { VisitsPage } from './pages/visits/VisitsPage';
import { WorkerPage } from './pages/visits/WorkerPage';
import { navigate, useRoute } from './useRoute';
import { useAuth } from './auth/AuthGate';
import { UserMenu } from './auth/UserMenu';
import { UsersPage } from './pages/UsersPage';

interface PageDef {
  key: string;
  label: string;
  icon: ReactNode;
  render: (town: Town, reloadTown: () => void, workspace: WorkspaceState, onSwitched: () => void) => ReactNode;
  /** Shown to administrators only (the audit log). */
  adminOnly?: boolean;
}

/** Pages only some roles see (the core refuses the others anyway). */
const ADMIN_PAGES: PageDef[] = [{ key: 'users', label: '用户管理', icon: <LockOutlined />, render: () => <UsersPage /> }];

// Only pages that work are listed; each later domain adds its entry here.
const pages: PageDef[] = [
  { key: 'home', label: '首页', icon: <HomeOutlined />, render: (town) => <HomePage town={town} /> },
  { key: 'today', label: '今日待办', icon: <ScheduleOutlined />, render: (town) => <TodayPage town={town} /> },
  { key: 'grids', label: '网格管理', icon: <ApartmentOutlined />, render: (town) => <GridsPage town={town} /> },
  { key: 'map', label: '地图', icon: <EnvironmentOutlined />, render: (town) => <MapPage town={town} /> },
  { key: 'staff', label: '网格员', icon: <TeamOutlined />, render: (town) => <StaffPage town={town} /> },
  { key: 'visits', label: '走访记录', icon: <CarryOutOutlined />, render: (town) => <VisitsPage town={town} /> },
  { key: 'worker', label: '网格员工作页', icon: <IdcardOutlined />, render: (town) => <WorkerPage town={town} /> },
  { key: 'people', label: '实有人口', icon: <UserOutlined />, render: (town) => <PeoplePage town={town} /> },
  { key: 'released', label: '安置帮教', icon: <SafetyOutlined />, render: (town) => <ReleasedPage town={town} /> },
  { key: 'patient', label: '严重精神障碍', icon: <MedicineBoxOutlined />, render: (town) => <PatientPage town={town} /> },
  { key: 'lowIncome', label: '低保户', icon: <WalletOutlined />, render: (town) => <LowIncomePage town={town} /> },
  { key: 'events', label: '事件', icon: <AlertOutlined />, render: (town) => <EventsPage town={town} /> },
  { key: 'reports', label: '统计报表', icon: <BarChartOutlined />, render: (town) => <ReportsPage town={town} /> },
  { key: 'package', label: '月报', icon: <SendOutlined />, render: (town) => <MonthPackagePage town={town} /> },
  { key: 'countyForms', label: '县级报表', icon: <FileExcelOutlined />, render: (town) => <CountyFormsPage town={town} /> },
  { key: 'letters', label: '文书打印', icon: <FileTextOutlined />, render: (town) => <LettersPage town={town} /> },
  { key: 'checks', label: '数据检查', icon: <FileSearchOutlined />, render: (town) => <ChecksPage town={town} /> },
  { key: 'import', label: '数据导入', icon: <ImportOutlined />, render: () => <ImportPage /> },
  { key: 'audit', label: '审计日志', icon: <AuditOutlined />, render: () => <AuditPage />, adminOnly: true },
  { key: 'settings', label: '设置', icon: <SettingOutlined />, render: (town, reload, workspace, onSwitched) => <SettingsPage town={town} workspace={workspace} onSaved={reload} onSwitched={onSwitched} /> },
];

/** After the shell first shows a page: its own figures are asked for first. */
const WARM_MAP_AFTER_MS = 1200;

export function Shell() {
  const route = useRoute();
  const auth = useAuth();
  const [town, setTown] = useState<Town | null | undefined>(undefined);
  const [workspace, setWorkspace] = useState<WorkspaceState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Bumped on every switch of database, so each page mounts afresh and reads the new file.
  const [generation, setGeneration] = useState(0);
  const mayAudit = useMayAudit(generation);

  const reloadTown = useCallback(() => {
    Promise.all([call('town.get', {}), call('workspace.current', {})])
      .then(([t, w]) => {
        setTown(t);
        setWorkspace(w);
        setLoadError(null);
      })
      .catch((err) => setLoadError(errorMessage(err)));
  }, []);

  useEffect(reloadTown, [reloadTown]);

  // The map is made off-screen once the first page has settled, so opening 地图 does not wait for WebGL (warmMap).
  const hasTown = !!town;
  useEffect(() => {
    if (!hasTown) return;
    let idle = 0;
    const timer = window.setTimeout(() => (idle = window.requestIdleCallback(() => void warmMap(), { timeout: 3000 })), WARM_MAP_AFTER_MS);
    return () => {
      window.clearTimeout(timer);
      if (idle) window.cancelIdleCallback(idle);
    };
  }, [hasTown, generation]);

  const refreshAuth = auth?.refresh;
  const onSwitched = useCallback(() => {
    setGeneration((g) => g + 1);
    navigate('home');
    reloadTown();
    // A town set up (now it needs its administrator) or another file opened: the login gate looks again.
    refreshAuth?.();
  }, [reloadTown, refreshAuth]);

  const backToTown = () => {
    call('workspace.openTown', {}).then(onSwitched, (err) => setLoadError(errorMessage(err)));
  };

  if (loadError) {
    return <Result status="error" title="无法读取数据" subTitle={loadError} extra={<Button onClick={reloadTown}>重试</Button>} />;
  }
  if (town === undefined || workspace === null) return <Spin size="large" style={{ margin: '30vh auto', display: 'block' }} />;
  const banner = workspace.isDemo ? (
    <Alert
      banner
      type="warning"
      data-testid="demo-banner"
      title={`正在使用演示数据库：其中的人员和数据都是虚构的，不是本乡镇的真实数据（${workspace.path}）`}
      action={
        <Button size="small" onClick={backToTown} data-testid="demo-banner-back">
          回到本乡镇数据库
        </Button>
      }
    />
  ) : !workspace.isTownDatabase ? (
    <Alert
      banner
      type="info"
      data-testid="other-db-banner"
      title={`当前打开的不是本乡镇的默认数据库：${workspace.path}`}
      action={
        <Button size="small" onClick={backToTown}>
          回到本乡镇数据库
        </Button>
      }
    />
  ) : null;
  if (town === null) {
    return (
      <>
        {banner}
        <SetupPage key={generation} onDone={onSwitched} />
      </>
    );
  }

  // The audit log where the admin-only channel answers (also a plain town's local administrator); 用户管理 for a logged-in administrator.
  const shown = pages.filter((p) => !p.adminOnly || mayAudit);
  const visible = auth?.status.user?.role === 'admin' ? [...shown, ...ADMIN_PAGES] : shown;
  const page = visible.find((p) => p.key === route) ?? visible[0]!;
  return (
    <Layout style={{ minHeight: '100vh' }} key={generation}>
      {banner}
      <Layout.Header className="app-header">
        <div className="brand">乡镇综治台账</div>
        <HeaderSearch />
        <div className="header-town" data-testid="header-town">
          {town.name}综治中心 · {town.code}
        </div>
        <UserMenu />
      </Layout.Header>
      <Layout className="app-body">
        <Layout.Sider width={184} theme="light" className="app-sider">
          <Menu
            mode="inline"
            selectedKeys={[page.key]}
            items={visible.map((p) => ({ key: p.key, icon: p.icon, label: p.label }))}
            onClick={(e) => navigate(e.key)}
            style={{ height: '100%', paddingTop: 8, borderInlineEnd: 'none' }}
            data-testid="nav"
          />
        </Layout.Sider>
        <Layout.Content className="app-content">
          {route !== page.key && route !== 'home' ? <Alert type="warning" showIcon title={`没有「${route}」这个页面，已显示首页`} style={{ marginBottom: 16 }} /> : null}
          {page.render(town, reloadTown, workspace, onSwitched)}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
