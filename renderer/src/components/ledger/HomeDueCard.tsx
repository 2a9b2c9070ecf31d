// 首页 → 今日待办: the counts of due items by kind for today (due.list), each opening the today list filtered by kind.
import { ScheduleOutlined } from '@ant-design/icons';
import { Button, Card, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { DUE_KINDS } from '../../../../shared/contract/records';
import { call } from '../../api';
import { navigate } from '../../useRoute';
import { todayString } from '../fields';
import { hashWith } from './common';

type Counts = Record<string, { overdue: number; today: number; upcoming: number }>;

export function HomeDueCard() {
  const [counts, setCounts] = useState<Counts | null>(null);
  useEffect(() => {
    call('due.list', { date: todayString() })
      .then((r) => setCounts(r.counts))
      .catch(() => setCounts(null));
  }, []);
  if (!counts) return null;
  const kinds = DUE_KINDS.filter((k) => {
    const c = counts[k];
    return c && c.overdue + c.today + c.upcoming > 0;
  });
  const overdue = Object.values(counts).reduce((a, c) => a + c.overdue, 0);
  const total = Object.values(counts).reduce((a, c) => a + c.overdue + c.today + c.upcoming, 0);

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <Space>
          <ScheduleOutlined />
          <span>今日待办</span>
          {overdue ? <Tag color="red">逾期 {overdue} 项</Tag> : null}
          <span className="muted" style={{ fontWeight: 400, fontSize: 13 }}>
            共 {total} 项
          </span>
        </Space>
      }
      extra={
        <Button size="small" type="link" onClick={() => navigate('today')}>
          打开今日待办
        </Button>
      }
      data-testid="home-due"
    >
      {kinds.length === 0 ? (
        <span className="muted">今天没有到期或逾期的事项。</span>
      ) : (
        <div className="home-due">
          {kinds.map((k) => {
            const c = counts[k]!;
            return (
              <div key={k} className="home-due-item" onClick={() => navigate(hashWith('today', { kind: k }))} data-testid={`home-due-${k}`}>
                <div className="due-kind-name">{k}</div>
                <div className="due-kind-counts">
                  <span className={c.overdue ? 'n-overdue' : 'n-zero'}>
                    逾期 <b>{c.overdue}</b>
                  </span>
                  <span className={c.today ? 'n-today' : 'n-zero'}>
                    今日 <b>{c.today}</b>
                  </span>
                  <span className={c.upcoming ? 'n-upcoming' : 'n-zero'}>
                    即将 <b>{c.upcoming}</b>
                  </span>
                </div>
              </div>
            );
          })}
        </div>
      )}
    </Card>
  );
}
