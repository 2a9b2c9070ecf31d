// 用户管理 (administrators only): the accounts, their roles and villages; add, change, disable/enable,
// reset a password (the account changes it at its next login), a new recovery code, the idle lock.
import { Alert, App, Button, Card, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { IDLE_LOCK_MAX, IDLE_LOCK_MIN, type UserView } from '../../../shared/contract/accounts';
import { ROLE_LABELS, ROLES } from '../../../shared/contract/define';
import type { Village } from '../../../shared/contract/grid';
import { call, errorMessage } from '../api';
import { useAuth } from '../auth/AuthGate';
import { PASSWORD_HINT } from '../auth/AuthCard';
import { RecoveryCodePage } from '../auth/RecoveryCodePage';
import { FormDialog, type FieldDescriptor, type FormValues } from '../components/form/FormDialog';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const passwordField = (label: string): FieldDescriptor => ({
  kind: 'custom', name: 'password', label, required: '请填写密码', help: PASSWORD_HINT,
  render: () => <Input.Password autoComplete="new-password" data-testid="user-password" />,
});

type Dialog = { kind: 'add' } | { kind: 'edit' | 'reset' | 'enable'; user: UserView } | null;

export function UsersPage() {
  const { message, modal } = App.useApp();
  const auth = useAuth();
  const [users, setUsers] = useState<UserView[]>([]);
  const [villages, setVillages] = useState<Village[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [newCode, setNewCode] = useState<string | null>(null);
  const [idle, setIdle] = useState<number | null>(auth?.status.idleLockMinutes ?? 10);

  const load = useCallback(() => {
    Promise.all([call('user.list', {}), call('village.list', {})]).then(([u, v]) => {
      setUsers(u);
      setVillages(v);
      setError(null);
    }, (err) => setError(errorMessage(err)));
  }, []);
  useEffect(load, [load]);

  const villageOptions = villages.map((v) => ({ value: v.code, label: `${v.name}（${v.code}）` }));
  const villageName = (code: string) => villages.find((v) => v.code === code)?.name ?? code;
  const villageField: FieldDescriptor = {
    kind: 'custom', name: 'villages', label: '所负责村（社区）', show: (v) => v.role === 'village', required: '村级用户至少要负责一个村（社区）',
    render: () => <Select mode="multiple" options={villageOptions} placeholder="选择一个或多个村（社区）" optionFilterProp="label" data-testid="user-villages" />,
  };
  const toVillages = (v: FormValues) => (v.role === 'village' && Array.isArray(v.villages) ? (v.villages as string[]) : []);

  const disable = (u: UserView) =>
    modal.confirm({
      title: `停用「${u.displayName}」？`,
      content: '停用后该账号不能再登录，它的密钥副本也随之删除；重新启用时要设置新密码。',
      okText: '停用', okButtonProps: { danger: true },
      onOk: () => call('user.disable', { loginName: u.loginName }).then(() => { message.success('已停用'); load(); }, (err) => message.error(errorMessage(err))),
    });

  const issueCode = () => {
    let password = '';
    modal.confirm({
      title: '重新生成恢复码',
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>新的恢复码生成后，旧的立即作废。请输入您的密码确认：</Typography.Text>
          <Input.Password onChange={(e) => (password = e.target.value)} data-testid="reissue-password" />
        </Space>
      ),
      okText: '生成',
      onOk: () => call('auth.newRecoveryCode', { password }).then((r) => setNewCode(r.recoveryCode), (err) => { message.error(errorMessage(err)); throw err; }),
    });
  };

  if (newCode) return <RecoveryCodePage code={newCode} onConfirmed={() => setNewCode(null)} />;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16} data-testid="users-page">
      <Card
        title="用户管理"
        extra={<Button type="primary" onClick={() => setDialog({ kind: 'add' })} data-testid="user-add">新增账号</Button>}
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Table<UserView>
          rowKey="loginName"
          dataSource={users}
          pagination={false}
          size="middle"
          columns={[
            { title: '登录名', dataIndex: 'loginName' },
            { title: '姓名', dataIndex: 'displayName' },
            { title: '角色', dataIndex: 'role', render: (r: UserView['role']) => ROLE_LABELS[r] },
            { title: '负责范围', dataIndex: 'villages', render: (v: string[]) => (v.length ? v.map(villageName).join('、') : '全乡镇') },
            { title: '状态', render: (_, u) => (u.disabled ? <Tag>已停用</Tag> : u.mustChangePassword ? <Tag color="orange">待改初始密码</Tag> : <Tag color="green">启用</Tag>) },
            { title: '最近登录', dataIndex: 'lastLoginAt', render: (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN') : '—') },
            {
              title: '操作',
              render: (_, u) =>
                u.disabled ? (
                  <Button size="small" onClick={() => setDialog({ kind: 'enable', user: u })}>启用</Button>
                ) : (
                  <Space>
                    <Button size="small" onClick={() => setDialog({ kind: 'edit', user: u })}>修改</Button>
                    <Button size="small" onClick={() => setDialog({ kind: 'reset', user: u })}>重置密码</Button>
                    <Button size="small" danger onClick={() => disable(u)}>停用</Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Card title="安全设置">
        <Space wrap>
          <span>闲置</span>
          <InputNumber min={IDLE_LOCK_MIN} max={IDLE_LOCK_MAX} value={idle} onChange={setIdle} data-testid="idle-minutes" />
          <span>分钟后自动锁定</span>
          <Button onClick={() => idle !== null && call('auth.setIdleLock', { minutes: idle }).then(() => { message.success('已保存'); auth?.refresh(); }, (err) => message.error(errorMessage(err)))}>保存</Button>
          <Button onClick={issueCode} data-testid="reissue-code">重新生成恢复码</Button>
        </Space>
      </Card>

      {dialog?.kind === 'add' ? (
        <FormDialog
          title="新增账号"
          channel="user.add"
          fields={[
            { kind: 'text', name: 'loginName', label: '登录名', required: '请填写登录名', span: 12, max: 32, testId: 'user-login-name' },
            { kind: 'text', name: 'displayName', label: '姓名', required: '请填写姓名', span: 12, max: 30, testId: 'user-display-name' },
            { kind: 'choice', name: 'role', label: '角色', options: roleOptions, as: 'buttons', required: '请选择角色', testId: 'user-role' },
            villageField,
            passwordField('初始密码（首次登录须修改）'),
          ]}
          initialValues={{ role: 'staff', villages: [] }}
          toInput={(v) => ({ loginName: str(v.loginName), displayName: str(v.displayName), role: str(v.role) as UserView['role'], villages: toVillages(v), password: str(v.password) })}
          onCancel={() => setDialog(null)}
          onDone={() => { setDialog(null); message.success('已新增账号'); load(); }}
          testIds={{ dialog: 'user-dialog', ok: 'user-ok', error: 'dialog-error' }}
        />
      ) : null}
      {dialog?.kind === 'edit' ? (
        <FormDialog
          title={`修改账号「${dialog.user.displayName}」`}
          channel="user.update"
          fields={[
            { kind: 'text', name: 'displayName', label: '姓名', required: '请填写姓名', max: 30 },
            { kind: 'choice', name: 'role', label: '角色', options: roleOptions, as: 'buttons', required: '请选择角色' },
            villageField,
          ]}
          initialValues={{ displayName: dialog.user.displayName, role: dialog.user.role, villages: dialog.user.villages }}
          toInput={(v) => ({ loginName: dialog.user.loginName, displayName: str(v.displayName), role: str(v.role) as UserView['role'], villages: toVillages(v) })}
          onCancel={() => setDialog(null)}
          onDone={() => { setDialog(null); message.success('已保存'); load(); auth?.refresh(); }}
        />
      ) : null}
      {dialog?.kind === 'reset' || dialog?.kind === 'enable' ? (
        <FormDialog
          title={`${dialog.kind === 'reset' ? '重置密码' : '启用账号'}「${dialog.user.displayName}」`}
          channel={dialog.kind === 'reset' ? 'user.resetPassword' : 'user.enable'}
          intro="设置一个新的初始密码告诉本人；他下次登录时须改成自己的密码。"
          fields={[passwordField('新的初始密码')]}
          toInput={(v) => ({ loginName: dialog.user.loginName, password: str(v.password) })}
          onCancel={() => setDialog(null)}
          onDone={() => { setDialog(null); message.success('已设置新密码'); load(); }}
        />
      ) : null}
    </Space>
  );
}
