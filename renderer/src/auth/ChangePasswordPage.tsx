// 修改密码: forced at the first login (an initial or reset password), or from the user menu.
import { Button, Form, Input, Typography } from 'antd';
import type { AuthStatus } from '../../../shared/contract/accounts';
import { ApiError, call } from '../api';
import { AuthCard, PASSWORD_HINT, useSendForm } from './AuthCard';

export function ChangePasswordForm({ onDone }: { onDone: (s: AuthStatus) => void }) {
  const f = useSendForm(async (v) => {
    if (v.newPassword !== v.confirm) throw new ApiError({ code: 'VALIDATION', message: '两次输入的新密码不一致' });
    return call('auth.changePassword', { oldPassword: v.oldPassword ?? '', newPassword: v.newPassword ?? '' });
  }, onDone);
  return (
    <>
      {f.errorBox}
      <Form form={f.form} layout="vertical" onFinish={f.submit} requiredMark={false}>
        <Form.Item name="oldPassword" label="原密码" rules={[{ required: true, message: '请填写原密码' }]}>
          <Input.Password data-testid="old-password" autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label="新密码" extra={PASSWORD_HINT} rules={[{ required: true, message: '请填写新密码' }]}>
          <Input.Password data-testid="new-password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="再次输入新密码"
          dependencies={['newPassword']}
          rules={[({ getFieldValue }) => ({ validator: async (_r, v: string) => { if (v !== getFieldValue('newPassword')) throw new Error('两次输入的新密码不一致'); } })]}
        >
          <Input.Password data-testid="new-password-confirm" autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={f.busy} data-testid="change-password-ok">
          修改密码
        </Button>
      </Form>
    </>
  );
}

export function ChangePasswordPage({ onDone }: { forced?: boolean; onDone: (s: AuthStatus) => void }) {
  return (
    <AuthCard title="请修改初始密码" testId="change-password-page">
      <Typography.Paragraph type="secondary">这是管理员为您设置的初始密码。为保护数据，请先设置只有您自己知道的新密码。</Typography.Paragraph>
      <ChangePasswordForm onDone={onDone} />
    </AuthCard>
  );
}
