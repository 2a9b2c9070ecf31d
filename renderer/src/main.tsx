import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { DamagedState } from '../../shared/contract/backup';
import { call } from './api';
import { DamagedPage } from './pages/DamagedPage';
import { AuthGate } from './auth/AuthGate';
import { Shell } from './Shell';
import './styles.css';

dayjs.locale('zh-cn');

/** A damaged town file gets its own screen before anything else (electron/main starts without opening it). */
function StartGate() {
  const [damaged, setDamaged] = useState<DamagedState | null | undefined>(undefined);
  useEffect(() => {
    call('backup.damaged', {}).then((r) => setDamaged(r.damaged)).catch(() => setDamaged(null));
  }, []);
  if (damaged === undefined) return null;
  return damaged ? (
    <DamagedPage state={damaged} />
  ) : (
    <AuthGate>
      <Shell />
    </AuthGate>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      button={{ autoInsertSpace: false }}
      theme={{ token: { colorPrimary: '#1f5fae', borderRadius: 4, fontFamily: '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif' } }}
    >
      <AntApp>
        <StartGate />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
