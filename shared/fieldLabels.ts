// Chinese names of the fields staff see, used in error messages from every boundary.
const labels: Record<string, string> = {
  name: '名称',
  code: '代码',
  townName: '乡镇名称',
  townCode: '统计用区划代码',
  idNumber: '公民身份号码',
  phone: '联系电话',
  date: '日期',
  gridId: '网格',
  villageId: '村/社区',
  channel: '通道',
  db: '--db 数据库文件',
  'town-name': '--town-name 乡镇名称',
  'town-code': '--town-code 统计用区划代码',
};

export function fieldLabel(key: string): string {
  return labels[key] ?? key;
}
