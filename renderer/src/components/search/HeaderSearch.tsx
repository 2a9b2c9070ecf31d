// The header's search box: find anyone from anywhere. Results come grouped (居民, 户, 台账) as the
// user types; ↑↓ move through them and Enter opens the person, the household or the ledger entry.
import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Input, Tag, type AutoCompleteProps } from 'antd';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SearchHit } from '../../../../shared/contract/search';
import { call, errorMessage } from '../../api';
import { navigate } from '../../useRoute';
import { hashWith, LedgerTag, openEntry } from '../ledger/common';

type Option = { value: string; label: ReactNode };

/** What each option's value opens. */
function open(value: string) {
  const [kind, a, b] = value.split(':');
  const at = Date.now();
  if (kind === 'p') navigate(hashWith('people', { person: a, at }));
  else if (kind === 'h') navigate(hashWith('people', { view: 'households', household: a, at }));
  else if (kind === 'l' && (a === 'released' || a === 'patient' || a === 'lowIncome')) openEntry(a, Number(b));
}

function groups(hit: SearchHit): { label: ReactNode; options: Option[] }[] {
  const out: { label: ReactNode; options: Option[] }[] = [];
  const { residents, households, ledgers } = hit;
  if (residents.rows.length) {
    out.push({
      label: residents.total > residents.rows.length
        ? `居民（${residents.totalAtLeast ? `${residents.total} 人以上` : `共 ${residents.total} 人`}，显示前 ${residents.rows.length} 人）`
        : `居民（${residents.total}）`,
      options: residents.rows.map((p) => ({
        value: `p:${p.id}`,
        label: (
          <div className="search-option" data-testid="search-resident">
            <b>{p.name}</b>
            <span className="mono">{p.idNumber}</span>
            <span className="search-where">{[p.villageName, p.gridName].filter(Boolean).join(' ') || '无网格'}</span>
            {p.status !== '在册' ? <Tag>{p.status}</Tag> : null}
          </div>
        ),
      })),
    });
  }
  if (households.length) {
    out.push({
      label: `户（${households.length}）`,
      options: households.map((h) => ({
        value: `h:${h.id}`,
        label: (
          <div className="search-option" data-testid="search-household">
            <span className="mono">{h.number}</span>
            <span>户主 {h.headName ?? '未登记'} · {h.memberCount} 人</span>
            <span className="search-where">{h.address || [h.villageName, h.gridName].filter(Boolean).join(' ')}</span>
          </div>
        ),
      })),
    });
  }
  if (ledgers.length) {
    out.push({
      label: `台账（${ledgers.length}）`,
      options: ledgers.map((l) => ({
        value: `l:${l.ledger}:${l.entryId}`,
        label: (
          <div className="search-option" data-testid="search-ledger">
            <LedgerTag ledger={l.ledger} />
            <b>{l.name}</b>
            <span className="search-where">{l.status}</span>
          </div>
        ),
      })),
    });
  }
  return out;
}

export function HeaderSearch() {
  const [text, setText] = useState('');
  const [hit, setHit] = useState<SearchHit | null>(null);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(0);

  useEffect(() => {
    const query = text.trim();
    if (!query) {
      setHit(null);
      setError(null);
      return;
    }
    const n = ++asked.current;
    const timer = window.setTimeout(() => {
      call('search.everywhere', { query })
        .then((h) => {
          if (n !== asked.current) return; // an older answer after a newer question
          setHit(h);
          setError(null);
        })
        .catch((err) => {
          if (n === asked.current) setError(errorMessage(err));
        });
    }, 150);
    return () => window.clearTimeout(timer);
  }, [text]);

  const options = useMemo((): AutoCompleteProps['options'] => {
    if (error) return [{ value: 'error', label: <span className="search-empty">{error}</span>, disabled: true }];
    if (!hit) return [];
    const g = groups(hit);
    return g.length ? g : [{ value: 'none', label: <span className="search-empty">没有找到「{text.trim()}」</span>, disabled: true }];
  }, [hit, error, text]);

  return (
    <AutoComplete
      className="header-search"
      value={text}
      options={options}
      onChange={(v: string) => setText(v)}
      onSelect={(value: string) => {
        open(value);
        setText('');
        setHit(null);
      }}
      defaultActiveFirstOption
      popupMatchSelectWidth={520}
      data-testid="header-search"
    >
      <Input
        prefix={<SearchOutlined />}
        placeholder="查找：姓名、拼音首字母、身份证号、电话、户号"
        allowClear
        aria-label="查找人员、户、台账"
        data-testid="header-search-input"
      />
    </AutoComplete>
  );
}
