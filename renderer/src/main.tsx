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

/**
 * The PC's own "show animations" switch (Windows: 设置 → 辅助功能 → 视觉效果 → 动画效果) reaches Chromium as
 * prefers-reduced-motion: antd's motion is then off (every animation lasts 0 s), so dialogs, menus and messages
 * appear and go at once. The e2e runs that way too (playwright.config.ts).
 */
const motion = !(typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches);

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
      theme={{ token: { colorPrimary: '#1f5fae', borderRadius: 4, fontFamily: '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif', motion } }}
    >
      <AntApp>
        <StartGate />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
