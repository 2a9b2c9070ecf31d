// The header search (find anyone from anywhere).
import { searchChannels } from '../../../shared/contract/search';
import { defineDomain } from '../domain';
import { searchEverywhere } from './service';

export const searchDomain = defineDomain({
  name: 'search',
  channels: searchChannels,
  commands: [],
  handlers: {
    'search.everywhere': (ctx, input) => searchEverywhere(ctx, input),
  },
});
