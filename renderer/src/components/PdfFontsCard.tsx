// 设置 → PDF 字体: the bundled fonts (the default) or the PC's 仿宋 / 方正小标宋 where found, and which face each
// logical family (正文, 标题) uses now — a family the PC lacks keeps its bundled font, and the card says so.
import { Alert, App, Card, Radio, Table, Tag } from 'antd';
import type { PdfFontSetting } from '../../../shared/contract/letters';
import { call, errorMessage } from '../api';
import { useLoad } from './ledger/common';

export function PdfFontsCard() {
  const { message } = App.useApp();
  const fonts = useLoad(() => call('pdf.fonts', {}), []);
  const change = async (setting: PdfFontSetting) => {
    try {
      await call('pdf.fonts.set', { setting });
      // The read tries the PC's files, so what it shows is what the next PDF uses.
      fonts.reload();
      message.success(setting === 'system' ? '已改用本机字体（找不到的用内置字体）' : '已改用内置字体');
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const v = fonts.value;
  return (
    <Card title="PDF 字体" style={{ maxWidth: 640, marginBottom: 16 }} data-testid="pdf-fonts">
      {fonts.error ? <Alert type="error" showIcon title={fonts.error} /> : null}
      <Radio.Group value={v?.setting} onChange={(e) => void change(e.target.value as PdfFontSetting)} disabled={!v} data-testid="pdf-fonts-setting">
        <Radio value="bundled">内置字体（思源黑体、思源宋体）</Radio>
        <Radio value="system">本机字体（仿宋、方正小标宋，公文样式）</Radio>
      </Radio.Group>
      <Table
        size="small"
        style={{ marginTop: 12 }}
        pagination={false}
        rowKey="family"
        loading={fonts.loading}
        dataSource={v?.families ?? []}
        columns={[
          { title: '用于', dataIndex: 'role', width: 60 },
          { title: '现在使用', render: (_: unknown, f: NonNullable<typeof v>['families'][number]) => <span>{f.face} {f.source === 'system' ? <Tag color="green">本机</Tag> : <Tag>内置</Tag>}</span> },
          { title: '本机字体文件', render: (_: unknown, f: NonNullable<typeof v>['families'][number]) => <span className="muted" style={{ wordBreak: 'break-all' }}>{f.systemFile ?? '未找到'}</span> },
        ]}
        data-testid="pdf-fonts-table"
      />
      {v?.notes.length ? <Alert type="info" showIcon style={{ marginTop: 8 }} title={v.notes.join(' ')} /> : null}
      <div className="muted" style={{ marginTop: 8 }}>查找位置：{v?.searched.join('；')}</div>
    </Card>
  );
}
