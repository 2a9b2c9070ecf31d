// Find anyone from anywhere: the header search box. One query (name or any part of it, pinyin
// initials, any part of an ID number or phone, a 户号) answered as residents, households and the
// ledger entries (帮教/患者/低保) of the persons and households found.
import { z } from 'zod';
import { channel, read } from './define';
import { personRow } from './people';
import { LEDGERS } from './records';

export const searchHit = z.object({
  residents: z.object({ total: z.number(), totalAtLeast: z.boolean(), rows: z.array(personRow) }),
  households: z.array(
    z.object({
      id: z.number(),
      number: z.string(),
      address: z.string(),
      villageName: z.string().nullable(),
      gridName: z.string().nullable(),
      headName: z.string().nullable(),
      memberCount: z.number(),
    }),
  ),
  ledgers: z.array(
    z.object({
      ledger: z.enum(LEDGERS),
      entryId: z.number(),
      /** The person the entry is about (低保: the household's head, when it has one). */
      residentId: z.number().nullable(),
      name: z.string(),
      /** The entry's status (在册帮教, 在管, 在保 …). */
      status: z.string(),
    }),
  ),
});
export type SearchHit = z.infer<typeof searchHit>;

export const searchChannels = {
  /** At most `limit` residents (and as many households and ledger entries); `residents.total` counts the matches as person.search does. */
  'search.everywhere': channel(
    z.object({ query: z.string().trim().min(1, '请输入要查找的内容').max(40, '搜索内容过长'), limit: z.number().int().min(1).max(20).default(8) }),
    searchHit,
    read('rows', { keyGroup: true, mask: 'list' }),
  ),
};
