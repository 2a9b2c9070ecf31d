// The frame of the pages before login: the app's name, the card, a form that sends one channel and
// puts the core's problems on their fields.
import { Alert, Card, Form, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { errorMessage } from '../api';
import { applyProblems } from '../components/fields';

export function AuthCard({ title, testId, children, width = 440 }: { title: ReactNode; testId: string; children: ReactNode; width?: number }) {
  return (
    <div className="setup-wrap">
      <Card className="setup-card" style={{ width }} title={<span style={{ fontSize: 18 }}>{title}</span>} data-testid={testId}>
        {children}
      </Card>
    </div>
  );
}

/** A form whose submit calls `send`; a refusal shows its Chinese message and marks the fields it names. */
export function useSendForm<T>(send: (values: Record<string, string>) => Promise<T>, onDone: (result: T) => void, onError?: (err: unknown) => void) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: Record<string, string>) => {
    setError(null);
    setBusy(true);
    try {
      onDone(await send(values));
    } catch (err) {
      setError(errorMessage(err));
      applyProblems(form as FormInstance, err);
      onError?.(err);
    } finally {
      setBusy(false);
    }
  };
  const errorBox = error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="auth-error" /> : null;
  return { form, submit, busy, errorBox };
}

/** The password rule, shown under every new-password field. */
export const PASSWORD_HINT = '至少 8 位，包含大写字母、小写字母、数字、符号中的至少 3 种，且不能与登录名相同。';
