// CLI: report letter grid|released|guardian|frontage --db DB [--village CODE | --entry ID | --all] --out FILE.pdf|.docx
// [--date YYYY-MM-DD] [--party 名称,地址,负责人] [--today YYYY-MM-DD] [--json] — through dispatch, in the job worker.
import { extname, resolve } from 'node:path';
import { z } from 'zod';
import { dateString } from '../../../shared/contract/common';
import { LETTER_KINDS, type LetterKind } from '../../../shared/letters/templates';
import { dbOption, stderrProgress, withSession, todayOption } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';
import { validationError } from '../errors';

const letter = defineCommand({
  name: 'report letter',
  summary: '生成责任书或协议书（PDF 或 Word）：grid 网格化服务管理责任书，released 安置帮教协议书，guardian 监护人看护管理责任书，frontage 门前三包责任书',
  usage:
    'report letter grid|released|guardian|frontage --db FILE [--village 代码[,代码] | --entry 编号[,编号] | --all] [--party 名称,地址,负责人 …] --out FILE.pdf|.docx [--date YYYY-MM-DD] [--today YYYY-MM-DD] [--json]',
  options: {
    db: { type: 'string' },
    village: { type: 'string' },
    entry: { type: 'string' },
    all: { type: 'boolean' },
    party: { type: 'string', multiple: true },
    out: { type: 'string' },
    date: { type: 'string' },
    today: { type: 'string' },
  },
  schema: z.object({
    db: dbOption,
    village: z.string().regex(/^\d{12}(,\d{12})*$/, '--village 应为 12 位村（社区）代码，多个用逗号分隔').optional(),
    entry: z.string().regex(/^\d+(,\d+)*$/, '--entry 应为台账编号，多个用逗号分隔').optional(),
    all: z.boolean().optional(),
    party: z.array(z.string()).optional(),
    out: z.string({ error: '请用 --out 指定文书文件（.pdf 或 .docx）' }).regex(/\.(pdf|docx)$/i, '文书文件应以 .pdf 或 .docx 结尾'),
    date: dateString('--date（签订日期）').optional(),
    today: todayOption,
    positionals: z
      .array(z.string())
      .length(1, '请写明文书种类，如 report letter grid')
      .refine((p) => (LETTER_KINDS as readonly string[]).includes(p[0] ?? ''), { message: '文书种类应为 grid、released、guardian 或 frontage' }),
  }),
  run: (args, env) =>
    withSession(
      env,
      args.db,
      async (s) => {
        const kind = args.positionals[0] as LetterKind;
        const targets: { ids?: number[]; all?: boolean; parties?: { name: string; address: string; person: string }[] } = {};
        if (kind === 'frontage') {
          if (!args.party?.length) throw validationError('门前三包责任书请用 --party 名称,地址,负责人 写明商户（可写多个 --party）');
          targets.parties = args.party.map((p, i) => {
            const [name, address, person] = p.split(/[,，]/).map((x) => x.trim());
            if (!name || !address || !person) throw validationError(`第 ${i + 1} 个 --party 应写成 名称,地址,负责人`);
            return { name, address, person };
          });
        } else if (args.all) targets.all = true;
        else if (kind === 'grid') {
          if (!args.village) throw validationError('网格化服务管理责任书请用 --village 代码 指定村（社区），或用 --all 生成全部');
          const villages = await s.call('village.list', {});
          targets.ids = args.village.split(',').map((code) => {
            const v = villages.find((x) => x.code === code);
            if (!v) throw validationError(`没有代码为 ${code} 的村（社区）`);
            return v.id;
          });
        } else {
          if (!args.entry) throw validationError('请用 --entry 编号 指定台账中的人，或用 --all 生成全部在册人员的文书');
          targets.ids = args.entry.split(',').map(Number);
        }
        return s.call(
          'letter.write',
          {
            kind,
            ...targets,
            format: extname(args.out).toLowerCase() === '.docx' ? 'docx' : 'pdf',
            // A path typed on the command line is relative to where the command runs.
            path: resolve(args.out),
            ...(args.date ? { date: args.date } : {}),
          },
          stderrProgress(env, '文书'),
        );
      },
      args.today,
    ),
  format: (r: { path: string; letters: number; pages: number | null }) => `已生成 ${r.letters} 份文书${r.pages !== null ? `（共 ${r.pages} 页）` : ''}：${r.path}`,
});

export const letterCommands: CliCommand[] = [letter as CliCommand];
