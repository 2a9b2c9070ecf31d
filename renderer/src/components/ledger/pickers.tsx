// Pickers the ledger forms share: a resident by name/拼音/ID (person.search), a household (household.find),
// and the staff who did something — a 网格员 from staff.list or a typed name.
import { AutoComplete, Select, Spin } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChannelOutput } from '../../../../shared/contract';
import type { StaffMember } from '../../../../shared/contract/grid';
import type { PersonRow } from '../../../../shared/contract/people';
import { labelOf, staffRoleTable } from '../../../../shared/codes';
import { call } from '../../api';
import { maskId } from './common';

export interface PickedResident {
  id: number;
  name: string;
  idNumber: string;
  phone?: string;
  householdId?: number | null;
  place?: string;
}

function residentLabel(p: PickedResident) {
  return `${p.name}　${maskId(p.idNumber)}${p.place ? `　${p.place}` : ''}`;
}

function toPicked(r: PersonRow): PickedResident {
  return {
    id: r.id,
    name: r.name,
    idNumber: r.idNumber,
    phone: r.phone,
    householdId: r.householdId,
    place: r.gridName ? `${r.villageName ?? ''}·${r.gridName}` : '无网格',
  };
}

/** A resident (在册) found by name, pinyin initials or ID digits. Value: resident id. */
export function ResidentPicker({ value, onChange, initial, placeholder, id, onPicked, excludeId, style }: {
  value?: number | null;
  onChange?: (v: number | null) => void;
  /** Shown for the current value before any search (e.g. the person the page came from). */
  initial?: PickedResident | null;
  placeholder?: string;
  id?: string;
  onPicked?: (p: PickedResident | null) => void;
  excludeId?: number;
  style?: React.CSSProperties;
}) {
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<PickedResident[]>([]);
  const [loading, setLoading] = useState(false);
  const known = useRef(new Map<number, PickedResident>());
  if (initial) known.current.set(initial.id, initial);

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setRows([]);
      return;
    }
    let live = true;
    setLoading(true);
    const t = window.setTimeout(() => {
      call('person.search', { query: q, limit: 20, offset: 0 })
        .then((r) => {
          if (!live) return;
          const list = r.rows.map(toPicked).filter((p) => p.id !== excludeId);
          for (const p of list) known.current.set(p.id, p);
          setRows(list);
        })
        .catch(() => live && setRows([]))
        .finally(() => live && setLoading(false));
    }, 200);
    return () => {
      live = false;
      window.clearTimeout(t);
    };
  }, [query, excludeId]);

  const options = useMemo(() => {
    const list = [...rows];
    const current = value ? known.current.get(value) : undefined;
    if (current && !list.some((r) => r.id === current.id)) list.unshift(current);
    return list.map((p) => ({ value: p.id, label: residentLabel(p) }));
  }, [rows, value]);

  return (
    <Select<number>
      id={id}
      value={value ?? undefined}
      onChange={(v) => {
        onChange?.(v ?? null);
        onPicked?.(v ? (known.current.get(v) ?? null) : null);
      }}
      showSearch={{ filterOption: false, onSearch: setQuery }}
      allowClear
      placeholder={placeholder ?? '输入姓名、拼音首字母或身份证号查找'}
      notFoundContent={loading ? <Spin size="small" /> : query.trim() ? '没有找到在册人员' : '请输入姓名或身份证号'}
      options={options}
      style={{ width: '100%', ...style }}
      data-testid="resident-picker"
    />
  );
}

export type HouseholdItem = ChannelOutput<'household.find'>[number];

/** A household found by 户号, 户主 or address. Value: household id. */
export function HouseholdPicker({ value, onChange, onPicked, id, known }: {
  value?: number | null;
  onChange?: (v: number | null) => void;
  onPicked?: (h: HouseholdItem | null) => void;
  id?: string;
  /** How to show a value given from outside (e.g. the person page's household) before any search. */
  known?: { id: number; label: string } | null;
}) {
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<HouseholdItem[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    let live = true;
    setLoading(true);
    const t = window.setTimeout(() => {
      call('household.find', { query: query.trim(), limit: 30 })
        .then((r) => live && setRows(r))
        .catch(() => live && setRows([]))
        .finally(() => live && setLoading(false));
    }, 200);
    return () => {
      live = false;
      window.clearTimeout(t);
    };
  }, [query]);
  return (
    <Select<number>
      id={id}
      value={value ?? undefined}
      onChange={(v) => {
        onChange?.(v ?? null);
        onPicked?.(rows.find((h) => h.id === v) ?? null);
      }}
      showSearch={{ filterOption: false, onSearch: setQuery }}
      allowClear
      placeholder="输入户号、户主姓名或住址查找"
      notFoundContent={loading ? <Spin size="small" /> : '没有找到住户'}
      options={[
        ...(known && !rows.some((h) => h.id === known.id) ? [{ value: known.id, label: known.label }] : []),
        ...rows.map((h) => ({
          value: h.id,
          label: `户号 ${h.number}　户主 ${h.headName ?? '未登记'}　${h.memberCount} 人　${h.gridName ? `${h.villageName ?? ''}·${h.gridName}` : '无网格'}`,
        })),
      ]}
      style={{ width: '100%' }}
      data-testid="household-picker"
    />
  );
}

/** The town's staff, loaded once per form. */
export function useStaff(): StaffMember[] {
  const [staff, setStaff] = useState<StaffMember[]>([]);
  useEffect(() => {
    call('staff.list', {})
      .then(setStaff)
      .catch(() => setStaff([]));
  }, []);
  return staff;
}

export function staffLabel(s: StaffMember): string {
  return `${s.name}（${labelOf(staffRoleTable, s.role)}${s.grids.length ? `，${s.grids.map((g) => g.name).join('、')}` : ''}）`;
}

/** 经办人: pick a 网格员 or type any name. The value is the name; resolveStaff turns it into staffId/staffName. */
export function StaffNameInput({ value, onChange, staff, id, placeholder }: {
  value?: string;
  onChange?: (v: string) => void;
  staff: StaffMember[];
  id?: string;
  placeholder?: string;
}) {
  const options = useMemo(() => staff.map((s) => ({ value: s.name, label: staffLabel(s) })), [staff]);
  return (
    <AutoComplete
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      showSearch={{ filterOption: (input, option) => String(option?.label ?? '').includes(input.trim()) }}
      placeholder={placeholder ?? '选择网格员或填写姓名'}
      style={{ width: '100%' }}
      data-testid="staff-input"
    />
  );
}

/** A typed 经办人 as the record channels take it. */
export function resolveStaff(name: string | undefined, staff: StaffMember[]): { staffId: number | null; staffName: string } {
  const n = (name ?? '').trim();
  const s = staff.find((m) => m.name === n);
  return s ? { staffId: s.id, staffName: s.name } : { staffId: null, staffName: n };
}
