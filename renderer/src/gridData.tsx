// The town's villages and grids, loaded once per page from grid.tree, and the selects built on them.
import { Select, type SelectProps } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { GridTree } from '../../shared/contract/grid';
import { call, errorMessage } from './api';

export function useGridTree(includeClosed = false) {
  const [tree, setTree] = useState<GridTree | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setTree(await call('grid.tree', { includeClosed }));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [includeClosed]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { tree, error, loading, reload };
}

export function VillageSelect({ tree, ...rest }: { tree: GridTree | null } & Omit<SelectProps<number>, 'options'>) {
  const options = useMemo(() => (tree?.villages ?? []).map((v) => ({ value: v.id, label: v.name, search: `${v.name} ${v.code}` })), [tree]);
  return <Select<number> allowClear showSearch={{ optionFilterProp: 'search' }} placeholder="全部村/社区" options={options} {...rest} />;
}

/** Grids grouped by village; `villageId` narrows the list to one village. */
export function GridSelect<V extends number | number[] = number>({ tree, villageId, ...rest }: { tree: GridTree | null; villageId?: number | null } & Omit<SelectProps<V>, 'options'>) {
  const options = useMemo(
    () =>
      (tree?.villages ?? [])
        .filter((v) => !villageId || v.id === villageId)
        .filter((v) => v.grids.some((g) => !g.closedOn))
        .map((v) => ({
          label: v.name,
          title: v.name,
          options: v.grids.filter((g) => !g.closedOn).map((g) => ({ value: g.id, label: `${v.name}·${g.name}`, search: `${v.name} ${g.name} ${g.code}` })),
        })),
    [tree, villageId],
  );
  return <Select<V> allowClear showSearch={{ optionFilterProp: 'search' }} placeholder="全部网格" options={options} {...rest} />;
}

/** grid id → "村·网格" for display. */
export function gridLabels(tree: GridTree | null): Map<number, string> {
  const m = new Map<number, string>();
  for (const v of tree?.villages ?? []) for (const g of v.grids) m.set(g.id, `${v.name}·${g.name}`);
  return m;
}
