// Which database file is open: the town's own, the demo (a file of its own, so invented people never
// mix with real ones), or another file the staffer opened or created in 设置.
import { z } from 'zod';
import { channel, read } from './define';

export const recentDatabase = z.object({
  path: z.string(),
  isDemo: z.boolean(),
  /** The file may have been moved or deleted since. */
  exists: z.boolean(),
});

export const workspaceState = z.object({
  /** The file open now. */
  path: z.string(),
  /** Marked as the demo database (a setting row written when the demo file is made). */
  isDemo: z.boolean(),
  /** The town's own database (the one the app opens at start). */
  isTownDatabase: z.boolean(),
  townPath: z.string(),
  demoPath: z.string(),
  recent: z.array(recentDatabase),
});
export type WorkspaceState = z.infer<typeof workspaceState>;

const dbFile = z
  .string({ error: '请选择数据库文件' })
  .trim()
  .min(1, '请选择数据库文件')
  .max(1000, '文件路径太长');

// Switching is declared a read: it writes nothing into the database open now (dispatch would hold a
// transaction on the very connection the switch closes); the demo marker goes into the new file only.
// 'town': a village-scoped account may not change which database the whole office works on.
export const workspaceChannels = {
  'workspace.current': channel(z.object({}).strict(), workspaceState, read('none')),
  'workspace.openTown': channel(z.object({}).strict(), workspaceState, read('town')),
  'workspace.openDemo': channel(z.object({}).strict(), workspaceState, read('town')),
  'workspace.openFile': channel(z.object({ path: dbFile }).strict(), workspaceState, read('town')),
  'workspace.createFile': channel(z.object({ path: dbFile }).strict(), workspaceState, read('town')),
};
