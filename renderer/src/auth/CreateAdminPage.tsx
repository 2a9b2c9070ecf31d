// First start, after the town's name: the administrator's account. Creating it encrypts the town's
// database (after a verified backup); the recovery code is shown next, once.
import { Alert, Button, Form, Input, Typography } from 'antd';
import type { AuthStatus } from '../../../shared/contract/accounts';
import { passwordProblem } from '../../../shared/rules/password';
import { ApiError, call } from '../api';
import { AuthCard, PASSWORD_HINT, useSendForm } from './AuthCard';

export function CreateAdminPage({ onDone }: { onDone: (r: { recoveryCode: string; status: AuthStatus }) => void }) {
  const f = useSendForm(async (v) => {
    if (v.password !== v.confirm) throw new ApiError({ code: 'VALIDATION', message: '两次输入的密码不一致' });
    return call('auth.protect', { loginName: v.loginName ?? '', displayName: v.displayName ?? '', password: v.password ?? '' });
  }, onDone);
  return (
    <AuthCard title="创建管理员" testId="create-admin-page" width={520}>
      <Typography.Paragraph type="secondary">
        本机保存着本乡镇的重点人群数据。创建管理员后，数据库将被加密：没有密码或恢复码，任何人都无法读取。加密前会先做一份校验过的备份。
      </Typography.Paragraph>
      {f.errorBox}
      <Form form={f.form} layout="vertical" onFinish={f.submit} requiredMark={false}>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
          <Input data-testid="admin-display-name" maxLength={30} />
        </Form.Item>
        <Form.Item name="loginName" label="登录名" rules={[{ required: true, message: '请填写登录名' }]} extra="2–32 位，汉字、字母、数字和 . _ -">
          <Input data-testid="admin-login-name" maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="password"
          label="密码"
          extra={PASSWORD_HINT}
          dependencies={['loginName']}
          rules={[({ getFieldValue }) => ({ validator: async (_r, v: string) => { const p = passwordProblem(v ?? '', getFieldValue('loginName') ?? ''); if (p) throw new Error(p); } })]}
        >
          <Input.Password data-testid="admin-password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="再次输入密码"
          dependencies={['password']}
          rules={[({ getFieldValue }) => ({ validator: async (_r, v: string) => { if (v !== getFieldValue('password')) throw new Error('两次输入的密码不一致'); } })]}
        >
          <Input.Password data-testid="admin-password-confirm" autoComplete="new-password" />
        </Form.Item>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title="请牢记密码。忘记时只能用下一步显示的《数据恢复码》重设。" />
        <Button type="primary" htmlType="submit" block loading={f.busy} data-testid="admin-ok">
          {f.busy ? '正在加密数据库…' : '创建管理员并加密数据库'}
        </Button>
      </Form>
    </AuthCard>
  );
}
