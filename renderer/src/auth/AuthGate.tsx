// What the app shows before its pages: the login, the lock screen, the administrator's creation at first
// start, the recovery code once, the forced first password change. The core's auth.status decides; the
// gate asks again every few seconds (the idle lock) and whenever any call answers UNAUTHENTICATED.
import { Spin } from 'antd';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { AuthStatus } from '../../../shared/contract/accounts';
import { call, UNAUTHENTICATED_EVENT } from '../api';
import { ChangePasswordPage } from './ChangePasswordPage';
import { CreateAdminPage } from './CreateAdminPage';
import { LoginPage } from './LoginPage';
import { RecoveryCodePage } from './RecoveryCodePage';
import { DamagedPage } from '../pages/DamagedPage';
import type { DamagedState } from '../../../shared/contract/backup';

interface AuthContextValue {
  status: AuthStatus;
  refresh: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);
export const useAuth = () => useContext(AuthContext);

const POLL_MS = 15_000;

export function AuthGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The code shown once right after protection, until "我已妥善保存". */
  const [recoveryCode, setRecoveryCode] = useState<string | null>(null);

  const refresh = useCallback(() => {
    call('auth.status', {}).then(
      (s) => {
        setStatus(s);
        setError(null);
      },
      () => setError('无法读取登录状态，请重新打开程序。'),
    );
  }, []);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    window.addEventListener(UNAUTHENTICATED_EVENT, refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener(UNAUTHENTICATED_EVENT, refresh);
    };
  }, [refresh]);

  if (error) return <div style={{ padding: 48 }}>{error}</div>;
  if (!status) return <Spin size="large" style={{ margin: '30vh auto', display: 'block' }} />;
  if (recoveryCode) return <RecoveryCodePage code={recoveryCode} onConfirmed={() => { setRecoveryCode(null); refresh(); }} />;
  if (status.state === 'needsAdmin') {
    return <CreateAdminPage onDone={(r) => { setStatus(r.status); setRecoveryCode(r.recoveryCode); }} />;
  }
  if (status.state === 'locked') return <LoginPage status={status} onDone={setStatus} onDamaged={refresh} />;
  if (status.state === 'damaged') return <DamagedAfterLogin />;
  if (status.state === 'open' && status.mustChangePassword) return <ChangePasswordPage forced onDone={setStatus} />;
  // needsSetup (the town form, in the shell), open.
  return <AuthContext.Provider value={{ status, refresh }}>{children}</AuthContext.Provider>;
}

/** A protected file unlocked by a login that then failed its checks: the same damaged screen as at start. */
function DamagedAfterLogin() {
  const [state, setState] = useState<DamagedState | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('backup.damaged', {}).then((r) => (r.damaged ? setState(r.damaged) : setError('数据库文件已损坏，但读不到它的备份信息，请重新打开程序。')), () => setError('数据库文件已损坏，请重新打开程序。'));
  }, []);
  if (error) return <div style={{ padding: 48 }}>{error}</div>;
  return state ? <DamagedPage state={state} /> : <Spin size="large" style={{ margin: '30vh auto', display: 'block' }} />;
}
