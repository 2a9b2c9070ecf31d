// The town's rule settings (规则设置): every rule value of domain.md Part 1, with the defaults.
import { z } from 'zod';
import { ruleSettingsSchema } from '../rules/ruleSettings';
import { ADMIN_ONLY, channel, read, write } from './define';

export const rulesView = z.object({ rules: ruleSettingsSchema, defaults: ruleSettingsSchema, changed: z.array(z.string()) });

export const rulesChannels = {
  'rules.get': channel(z.object({}).strict(), rulesView, read('none')),
  /** Changes some settings; the rest keep their values. */
  'rules.set': channel(z.object({ changes: z.record(z.string(), z.unknown()) }), rulesView, write('town', { roles: ADMIN_ONLY })),
  /** Restores the defaults: of the given settings (dotted paths), or of all when none are given. */
  'rules.reset': channel(z.object({ paths: z.array(z.string()).optional() }), rulesView, write('town', { roles: ADMIN_ONLY })),
};
