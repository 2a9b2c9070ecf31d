// The top bar's account: who is logged in, 修改密码, 锁定, 退出. Nothing on a town without accounts.
import { LockOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Modal, Space } from 'antd';
import { useState } from 'react';
import { ROLE_LABELS } from '../../../shared/contract/define';
import { call, errorMessage } from '../api';
import { useAuth } from './AuthGate';
import { ChangePasswordForm } from './ChangePasswordPage';

export function UserMenu() {
  const auth = useAuth();
  const { message } = App.useApp();
  const [changing, setChanging] = useState(false);
  const user = auth?.status.user;
  if (!auth || !user) return null;
  const act = (channel: 'auth.lock' | 'auth.logout') => call(channel, {}).then(auth.refresh, (err) => message.error(errorMessage(err)));
  return (
    <div className="header-user" data-testid="header-user">
      <UserOutlined />
      <span data-testid="header-user-name">{user.displayName}（{ROLE_LABELS[user.role]}）</span>
      <Space size={4}>
        <Button size="small" ghost onClick={() => setChanging(true)} data-testid="menu-change-password">修改密码</Button>
        <Button size="small" ghost icon={<LockOutlined />} onClick={() => act('auth.lock')} data-testid="menu-lock">锁定</Button>
        <Button size="small" ghost icon={<LogoutOutlined />} onClick={() => act('auth.logout')} data-testid="menu-logout">退出</Button>
      </Space>
      <Modal open={changing} title="修改密码" footer={null} onCancel={() => setChanging(false)} destroyOnHidden>
        <ChangePasswordForm onDone={() => { setChanging(false); message.success('密码已修改'); auth.refresh(); }} />
      </Modal>
    </div>
  );
}
