// 六、本月工作情况: the staff's own text for a month (monthNote.get / monthNote.save), printed in the 月度工作报告.
// The lead's 月报 page reuses it with the same props.
import { Alert, Button, Card, Input, Space, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { call, errorMessage } from '../../api';
import { useLoad } from '../../components/ledger/common';

const MAX = 4000;

export function MonthNoteEditor({ month }: { month: string }) {
  const note = useLoad(() => call('monthNote.get', { month }), [month]);
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(note.value?.text ?? '');
    setError(null);
  }, [note.value]);
  const changed = note.value !== null && text !== note.value.text;

  const save = async () => {
    setSaving(true);
    try {
      note.setValue(await call('monthNote.save', { month, text }));
      setError(null);
      void message.success('已保存本月工作情况');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      size="small"
      title={`本月工作情况（${month.slice(0, 4)}年${Number(month.slice(5, 7))}月）`}
      extra={
        <Space>
          {note.value?.updatedAt ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="month-note-saved-at">
              保存于 {new Date(note.value.updatedAt).toLocaleString('zh-CN')}
            </Typography.Text>
          ) : null}
          <Button type="primary" size="small" onClick={() => void save()} loading={saving} disabled={!changed} data-testid="month-note-save">
            保存
          </Button>
        </Space>
      }
      data-testid="month-note"
    >
      {note.error || error ? <Alert type="error" showIcon title={error ?? note.error} style={{ marginBottom: 8 }} data-testid="month-note-error" /> : null}
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 4, maxRows: 14 }}
        maxLength={MAX}
        showCount
        placeholder="写下本月的主要工作、成效和问题，将作为月度工作报告的“六、本月工作情况”。每段一行。"
        disabled={note.loading && !note.value}
        data-testid="month-note-text"
      />
    </Card>
  );
}
