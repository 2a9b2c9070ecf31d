// Code tables of the event desk (issue 12). The 矛盾纠纷 categories follow the items 综治 platforms use under
// GB/T 31000 (domain.md has no list of its own); the town adds its own categories in the event_category table.
import { defineTable } from './table';

/** 事件来源 */
export const eventSourceTable = defineTable('eventSource', '事件来源', undefined, [
  ['01', '网格员巡查', '巡查', '网格员上报'],
  ['02', '群众来访', '来访'],
  ['03', '来电', '电话'],
  ['04', '12345', '12345热线'],
  ['05', '上级交办', '交办'],
  ['99', '其他'],
]);

/** The built-in 矛盾纠纷 categories (kind dispute). Codes D01…; the town's own use T-prefixed codes. */
export const disputeCategoryTable = defineTable('disputeCategory', '矛盾纠纷类别', 'GB/T 31000', [
  ['D01', '婚姻家庭纠纷', '婚姻家庭'],
  ['D02', '邻里纠纷', '邻里'],
  ['D03', '房屋宅基地纠纷', '房屋宅基地', '宅基地'],
  ['D04', '山林土地纠纷', '山林土地', '土地'],
  ['D05', '征地拆迁纠纷', '征地拆迁', '拆迁'],
  ['D06', '劳动争议纠纷', '劳动争议', '劳资纠纷'],
  ['D07', '医疗纠纷', '医疗'],
  ['D08', '物业纠纷', '物业'],
  ['D09', '消费纠纷', '消费'],
  ['D10', '交通事故纠纷', '交通事故'],
  ['D11', '环境污染纠纷', '环境污染'],
  ['D99', '其他矛盾纠纷', '其他纠纷'],
]);

/** 群众满意度 */
export const satisfactionTable = defineTable('satisfaction', '群众满意度', undefined, [
  ['1', '满意'],
  ['2', '基本满意'],
  ['3', '不满意'],
]);

/** 分流/派遣 targets: the 四个平台 lines (a department or a village is typed or picked as text). */
export const FOUR_PLATFORMS = ['综治工作平台', '市场监管平台', '综合执法平台', '便民服务平台'] as const;

/** The built-in 其他事件 categories (kind event); the town adds its own beside them. */
export const otherEventCategoryTable = defineTable('otherEventCategory', '其他事件类别', undefined, [
  ['E01', '安全隐患'],
  ['E02', '治安问题'],
  ['E03', '环境卫生'],
  ['E04', '民生诉求'],
  ['E99', '其他事件'],
]);
