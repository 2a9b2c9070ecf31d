// The town's rule settings (规则设置).
import { rulesChannels } from '../../../shared/contract/rules';
import { defineDomain } from '../domain';
import { resetRules, rulesView, setRules } from './service';

export const rulesDomain = defineDomain({
  name: 'rules',
  channels: rulesChannels,
  commands: [],
  handlers: {
    'rules.get': (ctx) => rulesView(ctx),
    'rules.set': (ctx, input) => setRules(ctx, input.changes),
    'rules.reset': (ctx, input) => resetRules(ctx, input.paths),
  },
});
