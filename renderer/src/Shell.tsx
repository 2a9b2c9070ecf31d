// The app frame: first-run setup when no town exists, otherwise navigation + header + page.
import { HomeOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, Button, Layout, Menu, Result, Spin } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { Town } from '../../shared/contract/town';
import { call, errorMessage } from './api';
import { HomePage } from './pages/HomePage';
import { SettingsPage } from './pages/SettingsPage';
import { SetupPage } from './pages/SetupPage';
import { navigate, useRoute } from './useRoute';

interface PageDef {
  key: string;
  label: string;
  icon: ReactNode;
  render: (town: Town, reloadTown: () => void) => ReactNode;
}

// Only pages that work are listed; each later domain adds its entry here.
const pages: PageDef[] = [
  { key: 'home', label: '首页', icon: <HomeOutlined />, render: (town) => <HomePage town={town} /> },
  { key: 'settings', label: '设置', icon: <SettingOutlined />, render: (town, reload) => <SettingsPage town={town} onSaved={reload} /> },
];

export function Shell() {
  const route = useRoute();
  const [town, setTown] = useState<Town | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);

  const reloadTown = useCallback(() => {
    call('town.get', {})
      .then((t) => {
        setTown(t);
        setLoadError(null);
      })
      .catch((err) => setLoadError(errorMessage(err)));
  }, []);

  useEffect(reloadTown, [reloadTown]);

  if (loadError) {
    return <Result status="error" title="无法读取数据" subTitle={loadError} extra={<Button onClick={reloadTown}>重试</Button>} />;
  }
  if (town === undefined) return <Spin size="large" style={{ margin: '30vh auto', display: 'block' }} />;
  if (town === null) return <SetupPage onDone={(t) => { setTown(t); navigate('home'); }} />;

  const page = pages.find((p) => p.key === route) ?? pages[0]!;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, padding: '0 24px' }}>
        <div className="brand">乡镇综治台账</div>
        <div className="header-town" data-testid="header-town">
          {town.name}综治中心 · {town.code}
        </div>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} theme="light">
          <Menu
            mode="inline"
            selectedKeys={[page.key]}
            items={pages.map((p) => ({ key: p.key, icon: p.icon, label: p.label }))}
            onClick={(e) => navigate(e.key)}
            style={{ height: '100%', paddingTop: 8 }}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          {route !== page.key && route !== 'home' ? <Alert type="warning" showIcon message={`没有「${route}」这个页面，已显示首页`} style={{ marginBottom: 16 }} /> : null}
          {page.render(town, reloadTown)}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
