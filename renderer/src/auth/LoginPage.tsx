// 登录 and the lock screen (the name prefilled, 切换用户), and 忘记密码: the recovery code sets a new
// password for an administrator.
import { Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import type { AuthStatus } from '../../../shared/contract/accounts';
import { passwordProblem } from '../../../shared/rules/password';
import { ApiError, call } from '../api';
import { AuthCard, PASSWORD_HINT, useSendForm } from './AuthCard';

export function LoginPage({ status, onDone, onDamaged }: { status: AuthStatus; onDone: (s: AuthStatus) => void; onDamaged: () => void }) {
  const [mode, setMode] = useState<'login' | 'recover'>('login');
  const [switchUser, setSwitchUser] = useState(false);
  const locked = Boolean(status.lastLoginName) && !switchUser;
  // The password was right but the file failed its checks: the gate shows the damaged screen at once.
  const damagedNow = (err: unknown) => {
    if (err instanceof ApiError && err.info.code === 'DB_DAMAGED') onDamaged();
  };
  const login = useSendForm((v) => call('auth.login', { loginName: v.loginName ?? '', password: v.password ?? '' }), onDone, damagedNow);
  const recover = useSendForm(
    (v) => call('auth.recover', { recoveryCode: v.recoveryCode ?? '', loginName: v.loginName ?? '', newPassword: v.newPassword ?? '' }),
    onDone,
  );

  if (mode === 'recover') {
    return (
      <AuthCard title="用恢复码重设管理员密码" testId="recover-page" width={520}>
        <Typography.Paragraph type="secondary">
          所有管理员都忘记密码时使用：输入封存的《数据恢复码》、要重设的管理员登录名和新密码。恢复码不正确时不会做任何改动。
        </Typography.Paragraph>
        {recover.errorBox}
        <Form form={recover.form} layout="vertical" onFinish={recover.submit} requiredMark={false}>
          <Form.Item name="recoveryCode" label="数据恢复码" rules={[{ required: true, message: '请填写恢复码' }]}>
            <Input className="mono" placeholder="XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX" data-testid="recover-code" autoComplete="off" />
          </Form.Item>
          <Form.Item name="loginName" label="管理员登录名" rules={[{ required: true, message: '请填写管理员登录名' }]}>
            <Input data-testid="recover-name" autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label="新密码"
            extra={PASSWORD_HINT}
            dependencies={['loginName']}
            rules={[({ getFieldValue }) => ({ validator: async (_r, v: string) => { const p = passwordProblem(v ?? '', getFieldValue('loginName') ?? ''); if (p) throw new Error(p); } })]}
          >
            <Input.Password data-testid="recover-password" autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={recover.busy} data-testid="recover-ok">
            重设密码并登录
          </Button>
        </Form>
        <Button type="link" onClick={() => setMode('login')} style={{ marginTop: 8, padding: 0 }}>
          返回登录
        </Button>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={locked ? '已锁定' : '登录乡镇综治台账'} testId={locked ? 'lock-page' : 'login-page'}>
      <Typography.Paragraph type="secondary">
        {locked ? `为保护数据，程序已锁定。请输入「${status.lastLoginName}」的密码继续。` : '本机数据已加密保护，请用您的账号登录。'}
      </Typography.Paragraph>
      {login.errorBox}
      <Form form={login.form} layout="vertical" onFinish={login.submit} requiredMark={false} initialValues={{ loginName: locked ? status.lastLoginName : '' }} key={String(locked)}>
        <Form.Item name="loginName" label="登录名" rules={[{ required: true, message: '请填写登录名' }]} hidden={locked}>
          <Input data-testid="login-name" autoComplete="username" autoFocus={!locked} />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, message: '请填写密码' }]}>
          <Input.Password data-testid="login-password" autoComplete="current-password" autoFocus={locked} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={login.busy} data-testid="login-ok">
          {locked ? '解锁' : '登录'}
        </Button>
      </Form>
      <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 8 }}>
        {locked ? (
          <Button type="link" style={{ padding: 0 }} onClick={() => setSwitchUser(true)} data-testid="switch-user">
            切换用户
          </Button>
        ) : <span />}
        <Button type="link" style={{ padding: 0 }} onClick={() => setMode('recover')} data-testid="forgot-password">
          忘记密码
        </Button>
      </div>
    </AuthCard>
  );
}
