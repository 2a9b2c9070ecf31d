// Which database is open, and switching it (设置 → 数据库). Only where the app holds a workspace (the
// Electron main process, the e2e bridge); the CLI names its file with --db instead.
import { workspaceChannels } from '../../../shared/contract/workspace';
import type { ServiceContext, WorkspaceControl } from '../context';
import { defineDomain } from '../domain';
import { AppError } from '../errors';

function workspaceOf(ctx: ServiceContext): WorkspaceControl {
  if (!ctx.workspace) throw new AppError('FORBIDDEN', '这里不能切换数据库：命令行请用 --db 指定要使用的数据库文件。');
  return ctx.workspace;
}

export const workspaceDomain = defineDomain({
  name: 'workspace',
  channels: workspaceChannels,
  commands: [],
  handlers: {
    'workspace.current': (ctx) => workspaceOf(ctx).state(),
    'workspace.openTown': (ctx) => workspaceOf(ctx).openTown(),
    'workspace.openDemo': (ctx) => workspaceOf(ctx).openDemo(),
    'workspace.openFile': (ctx, input) => workspaceOf(ctx).openFile(input.path),
    'workspace.createFile': (ctx, input) => workspaceOf(ctx).createFile(input.path),
  },
});
