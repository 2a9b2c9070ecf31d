// CLI: map import / export / check (issue 11), through the same channels as the map page.
import { resolve } from 'node:path';
import { z } from 'zod';
import type { ImportPreview, MapWarning } from '../../../shared/contract/map';
import { dbOption, stderrProgress, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';

const importMap = defineCommand({
  name: 'map import',
  summary: '导入村（社区）和网格的边界（GeoJSON、KML/KMZ 或 Shapefile 压缩包），按代码或名称匹配；--dry-run 只预检不写入；--skip-invalid 跳过有问题的要素；--crs 指定坐标系',
  usage: 'map import FILE --db DB [--match code|name] [--crs auto|wgs84|gcj02] [--dry-run] [--skip-invalid] [--json]',
  options: { db: { type: 'string' }, match: { type: 'string' }, crs: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'skip-invalid': { type: 'boolean' } },
  schema: z.object({
    db: dbOption,
    match: z.enum(['code', 'name'], { error: '--match 应为 code（按代码）或 name（按名称）' }).default('code'),
    crs: z.enum(['auto', 'wgs84', 'gcj02'], { error: '--crs 应为 auto、wgs84 或 gcj02' }).default('auto'),
    'dry-run': z.boolean().default(false),
    'skip-invalid': z.boolean().default(false),
    positionals: z.array(z.string()).min(1, '请给出边界文件，例如：map import 网格.geojson --db town.db').max(1, '只能给出一个边界文件'),
  }),
  run: (args, env) => {
    // A path typed on the command line is relative to where the command runs.
    const path = resolve(args.positionals[0]!);
    const input = { path, match: args.match, crs: args.crs };
    // A long job: its progress on stderr, as the resident import's.
    const progress = stderrProgress(env, '导入边界');
    return withSession(env, args.db, async (s) =>
      args['dry-run']
        ? { dryRun: true, ...(await s.call('map.import.preview', input, progress)) }
        : { dryRun: false, ...(await s.call('map.import.run', { ...input, skipInvalid: args['skip-invalid'] }, progress)) },
    );
  },
  format: (r: ImportPreview & { dryRun: boolean; written?: number }) =>
    [
      `${r.dryRun ? '预检结果（未写入数据库）' : '导入完成'}：${r.format.toUpperCase()} 共 ${r.features} 个要素，坐标系 ${r.crsAssumed === 'gcj02' ? 'GCJ-02' : 'WGS-84/CGCS2000'}（${r.crsReason}）`,
      `${r.dryRun ? '可导入' : '已导入'} ${r.dryRun ? r.matches.length : (r.written ?? 0)} 个边界，未匹配 ${r.unmatched.length} 个，有问题 ${r.problems.length} 个`,
      ...r.matches.map((m) => `  第 ${m.index + 1} 个「${m.featureName}」→ ${m.kind === 'grid' ? '网格' : '村（社区）'} ${m.code} ${m.name}${m.replaces ? '（替换原边界）' : ''}`),
      ...r.unmatched.map((u) => `  未匹配 第 ${u.index + 1} 个「${u.name}」：${u.reason}`),
      ...r.problems.map((p) => `  有问题 第 ${p.index + 1} 个「${p.name}」：${p.reason}`),
    ].join('\n'),
});

const exportMap = defineCommand({
  name: 'map export',
  summary: '把村（社区）和网格的边界导出为 GeoJSON（含代码、名称和各项数字）',
  usage: 'map export --db DB --out FILE.geojson [--json]',
  options: { db: { type: 'string' }, out: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    out: z.string({ error: '请用 --out 指定导出文件' }).regex(/\.(geo)?json$/i, '导出文件应以 .geojson 或 .json 结尾'),
    positionals: z.array(z.string()).max(0, '多余的参数'),
  }),
  run: (args, env) => withSession(env, args.db, (s) => s.call('map.export', { path: resolve(args.out) })),
  format: (r: { path: string; rows: number }) => `已导出 ${r.rows} 个边界：${r.path}`,
});

const checkMap = defineCommand({
  name: 'map check',
  summary: '检查边界：自相交、网格超出所属村（社区）、同村网格重叠、村（社区）未被网格覆盖的比例',
  usage: 'map check --db DB [--json]',
  options: { db: { type: 'string' } },
  schema: z.object({ db: dbOption, positionals: z.array(z.string()).max(0, '多余的参数') }),
  run: (args, env) => withSession(env, args.db, (s) => s.call('map.check', {})),
  format: (r: { warnings: MapWarning[] }) => (r.warnings.length ? [`边界检查：${r.warnings.length} 条提醒`, ...r.warnings.map((w) => `  ⚠ ${w.message}`)].join('\n') : '边界检查：未发现问题'),
});

export const mapCommands: CliCommand[] = [exportMap, importMap, checkMap];
