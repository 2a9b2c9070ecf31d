// The one-page 「数据恢复码」 sheet for the office safe: the town, the date, the code in big groups and
// what to do with it. Written only where the administrator chooses (to print it); the code is never
// stored anywhere else.
import { chineseDate } from '../../../shared/rules/dates';
import type { OutputGuard } from '../files/safeOutput';
import { PDF_FONT, writePdf } from '../pdf/render';
import { normalizeRecoveryCode } from './keyring';
import { validationError } from '../errors';

export function recoveryDocument(townName: string, code: string, date: string): Record<string, unknown> {
  const plain = normalizeRecoveryCode(code);
  if (!plain) throw validationError('恢复码格式不正确。');
  const groups = plain.match(/.{5}/g)!;
  return {
    pageSize: 'A4',
    pageMargins: [56, 64, 56, 56],
    defaultStyle: { font: PDF_FONT.body, fontSize: 12, lineHeight: 1.4 },
    info: { title: `${townName}数据恢复码`, creator: '乡镇综治台账', producer: '乡镇综治台账' },
    content: [
      { text: '数据恢复码', font: PDF_FONT.title, fontSize: 26, alignment: 'center', margin: [0, 0, 0, 12] },
      { text: `${townName}　乡镇综治台账`, alignment: 'center', fontSize: 14 },
      { text: `生成日期：${chineseDate(date)}`, alignment: 'center', margin: [0, 4, 0, 28] },
      {
        table: {
          widths: ['*'],
          body: [[{ text: `${groups.slice(0, 3).join('  ')}\n${groups.slice(3).join('  ')}`, fontSize: 30, characterSpacing: 4, alignment: 'center', margin: [0, 18, 0, 18] }]],
        },
        margin: [0, 0, 0, 28],
      },
      { text: '用途', bold: true, fontSize: 14, margin: [0, 0, 0, 4] },
      {
        ol: [
          '本恢复码可以打开本乡镇的全部数据。所有管理员都忘记密码时，在登录页点「忘记密码」，输入本恢复码、管理员登录名和新密码，即可重设该管理员的密码。',
          '请把本页打印后封存在办公室保险柜中，不要拍照、不要存放在电脑或手机里，不要交给无关人员。',
          '管理员在「用户管理」中重新生成恢复码后，本页即作废，请销毁并封存新的一页。',
          '输入时不区分大小写，短横线和空格可以省略；字母 O 与数字 0、字母 I/L 与数字 1 视为相同。',
        ],
      },
      { text: '保管人签字：________________　　　封存日期：________________', margin: [0, 40, 0, 0] },
    ],
  };
}

export async function writeRecoveryPdf(path: string, townName: string, code: string, date: string, guard: OutputGuard): Promise<void> {
  await writePdf(path, recoveryDocument(townName, code, date), guard);
}
