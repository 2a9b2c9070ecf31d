// What the caller may call, read from each channel's declaration in the contract (its roles, and whether it
// concerns the whole town) — the same metadata dispatch enforces, never a list kept here. Pages hide or disable
// the controls the core would refuse; the core still decides.
import { useEffect, useState } from 'react';
import { contract, type Channel } from '../../../shared/contract';
import type { CallerInfo } from '../../../shared/contract/accounts';
import { ROLE_LABELS, type ChannelDef } from '../../../shared/contract/define';
import { call } from '../api';

export type Permission = { ok: true } | { ok: false; why: string };

/** May this caller call this channel? With the reason in Chinese when not (for a tooltip). */
export function permission(caller: CallerInfo, channel: Channel): Permission {
  const def = contract[channel] as ChannelDef;
  if (!def.roles.includes(caller.role)) {
    const readonly = caller.role === 'readonly' && def.access === 'write';
    return { ok: false, why: `${ROLE_LABELS[caller.role]}账号${readonly ? '只能查看和导出，不能修改数据' : '不能执行此操作'}` };
  }
  if (def.scope === 'town' && caller.villageScope !== null) return { ok: false, why: '此操作涉及全乡镇的数据，您的账号只能处理所负责村（社区）的数据' };
  return { ok: true };
}

/** The caller as the core sees it; null until known (write controls stay hidden meanwhile). */
export function useCaller(): CallerInfo | null {
  const [caller, setCaller] = useState<CallerInfo | null>(null);
  useEffect(() => {
    let live = true;
    call('auth.caller', {}).then(
      (c) => live && setCaller(c),
      () => live && setCaller(null),
    );
    return () => {
      live = false;
    };
  }, []);
  return caller;
}

/** `can(channel)`: true once the caller is known and the channel's declaration admits them. */
export function useCan(): (channel: Channel) => boolean {
  const caller = useCaller();
  return (channel) => caller !== null && permission(caller, channel).ok;
}
