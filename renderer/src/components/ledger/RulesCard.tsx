// 设置 → 规则设置: every rule value of domain.md Part 1 (settingLabels), grouped, with its unit and default.
// Changed ones are marked; each has 恢复默认, and 全部恢复默认 restores all. Invalid values are refused by the core
// with its message, and what was typed stays in the form.
import { SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import {
  periodUnitLabels, readSetting, settingLabels, settingPaths, type Period, type RuleSettings, type SettingPath, type SettingValue,
} from '../../../../shared/rules/ruleSettings';
import { ApiError, call, errorMessage } from '../../api';
import type { RulesView } from './common';

const GROUPS = ['安置帮教', '严重精神障碍患者', '低保', '待办', '网格', '事件', '网格员考核'] as const;

function isPeriod(v: SettingValue): v is Period {
  return typeof v === 'object' && v !== null;
}

function show(v: SettingValue, unit: string): string {
  return isPeriod(v) ? `${v.amount} ${periodUnitLabels[v.unit]}` : `${v} ${unit}`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function RulesCard() {
  const { message } = App.useApp();
  const [view, setView] = useState<RulesView | null>(null);
  const [draft, setDraft] = useState<Partial<Record<SettingPath, SettingValue>>>({});
  const [error, setError] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<Partial<Record<SettingPath, string>>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('rules.get', {})
      .then(setView)
      .catch((err) => setError(errorMessage(err)));
  }, []);

  const dirty = Object.keys(draft) as SettingPath[];

  const apply = (next: RulesView, text: string, clear: SettingPath[] | 'all') => {
    setView(next);
    setDraft(clear === 'all' ? {} : (d) => Object.fromEntries(Object.entries(d).filter(([k]) => !clear.includes(k as SettingPath))));
    setRowErrors(clear === 'all' ? {} : (e) => Object.fromEntries(Object.entries(e).filter(([k]) => !clear.includes(k as SettingPath))));
    setError(null);
    message.success(text);
  };

  const fail = (err: unknown) => {
    setError(errorMessage(err));
    if (err instanceof ApiError) {
      const byRow: Partial<Record<SettingPath, string>> = {};
      // Each problem names its setting by the input path ['changes', setting].
      for (const p of err.info.problems ?? []) {
        const path = settingPaths.find((sp) => p.path?.[0] === 'changes' && p.path[1] === sp);
        if (path) byRow[path] = p.message;
      }
      setRowErrors(byRow);
    }
  };

  const save = async () => {
    setBusy(true);
    try {
      apply(await call('rules.set', { changes: draft }), `已保存 ${dirty.length} 项规则设置`, 'all');
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const reset = async (paths?: SettingPath[]) => {
    setBusy(true);
    try {
      apply(await call('rules.reset', paths ? { paths } : {}), paths ? `已恢复默认：${settingLabels[paths[0]!].label}` : '已全部恢复默认', paths ?? 'all');
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const rows = useMemo(() => {
    if (!view) return [];
    return settingPaths.map((path) => {
      const meta = settingLabels[path];
      const current = readSetting(view.rules as RuleSettings, path);
      const def = readSetting(view.defaults as RuleSettings, path);
      return { path, ...meta, current, def, changed: view.changed.includes(path) };
    });
  }, [view]);

  const editor = (r: (typeof rows)[number]) => {
    const v = draft[r.path] ?? r.current;
    const set = (nv: SettingValue | null) => {
      if (nv === null) return;
      setDraft((d) => {
        const next = { ...d };
        if (same(nv, r.current)) delete next[r.path];
        else next[r.path] = nv;
        return next;
      });
    };
    if (r.path === 'releasedTermYearsAfterCorrection') {
      return <Select value={v as number} onChange={set} options={[3, 5].map((n) => ({ value: n, label: `${n}` }))} style={{ width: 150 }} data-testid={`rule-${r.path}`} />;
    }
    if (r.path.startsWith('lowIncomeReviewMonths.')) {
      return <Select value={v as number} onChange={set} options={[12, 6, 3, 1].map((n) => ({ value: n, label: `${n}` }))} style={{ width: 150 }} data-testid={`rule-${r.path}`} />;
    }
    if (isPeriod(v)) {
      return (
        <Space.Compact style={{ width: 150 }}>
          <InputNumber value={v.amount} onChange={(n) => set({ ...v, amount: n === null ? NaN : Number(n) })} style={{ width: 80 }} data-testid={`rule-${r.path}`} />
          <Select value={v.unit} onChange={(u) => set({ ...v, unit: u })} options={(['days', 'months'] as const).map((u) => ({ value: u, label: periodUnitLabels[u] }))} style={{ width: 70 }} />
        </Space.Compact>
      );
    }
    return <InputNumber value={v as number} onChange={(n) => set(n === null ? null : Number(n))} style={{ width: 150 }} data-testid={`rule-${r.path}`} />;
  };

  return (
    <Card
      title="规则设置"
      style={{ maxWidth: 980, marginBottom: 16 }}
      extra={
        <Space>
          <Button type="primary" icon={<SaveOutlined />} onClick={save} disabled={!dirty.length} loading={busy} data-testid="rules-save">
            保存修改{dirty.length ? `（${dirty.length} 项）` : ''}
          </Button>
          <Popconfirm title="把全部规则恢复为默认值？" description="各类待办的到期日将按默认规则重新计算。" okText="全部恢复" cancelText="取消" onConfirm={() => reset()}>
            <Button icon={<UndoOutlined />} disabled={!view?.changed.length && !dirty.length} data-testid="rules-reset-all">
              全部恢复默认
            </Button>
          </Popconfirm>
        </Space>
      }
      data-testid="rules-card"
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        待办到期日、帮教期、随访和复核周期都按这里的规则计算。修改后立即对全部台账生效；已报送的月报不受影响。
        {view?.changed.length ? (
          <Tag color="gold" style={{ marginLeft: 8 }}>
            已修改 {view.changed.length} 项
          </Tag>
        ) : null}
      </Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="rules-error" /> : null}
      {GROUPS.map((g) => {
        const list = rows.filter((r) => r.group === g);
        if (!list.length) return null;
        return (
          <div key={g} style={{ marginBottom: 14 }}>
            <div className="form-divider" style={{ color: '#1f5fae', fontWeight: 600, margin: '4px 0 6px' }}>
              {g}
            </div>
            <Table
              className="rules-table"
              size="small"
              bordered
              rowKey="path"
              pagination={false}
              dataSource={list}
              showHeader={g === GROUPS[0]}
              rowClassName={(r) => (r.changed || draft[r.path] !== undefined ? 'rule-changed' : '')}
              columns={[
                {
                  title: '规则',
                  render: (_: unknown, r) => (
                    <div>
                      <span>{r.label}</span>
                      {r.changed ? (
                        <Tag color="gold" style={{ marginLeft: 6 }} data-testid="rule-changed">
                          已修改
                        </Tag>
                      ) : null}
                      {draft[r.path] !== undefined ? (
                        <Tag color="blue" style={{ marginLeft: 6 }}>
                          未保存
                        </Tag>
                      ) : null}
                      {'hint' in r && r.hint ? (
                        <div className="muted" style={{ fontSize: 12 }}>
                          {r.hint}
                        </div>
                      ) : null}
                      {rowErrors[r.path] ? <div style={{ color: '#cf1322', fontSize: 12 }}>{rowErrors[r.path]}</div> : null}
                    </div>
                  ),
                },
                { title: '数值', width: 170, render: (_: unknown, r) => editor(r) },
                { title: '单位', width: 80, render: (_: unknown, r) => (isPeriod(r.current) ? '天或个月' : r.unit) },
                { title: '默认值', width: 110, render: (_: unknown, r) => <span className="muted">{show(r.def, r.unit)}</span> },
                {
                  title: '',
                  width: 96,
                  render: (_: unknown, r) => (
                    <Button
                      size="small"
                      type="link"
                      disabled={!r.changed && draft[r.path] === undefined}
                      onClick={() => (r.changed ? void reset([r.path]) : setDraft(({ [r.path]: _drop, ...rest }) => rest as typeof draft))}
                      data-testid={`rule-reset-${r.path}`}
                    >
                      恢复默认
                    </Button>
                  ),
                },
              ]}
            />
          </div>
        );
      })}
    </Card>
  );
}
