// 首页: the town at a glance. Later issues add the counts of grids, people and due items.
import { Card, Descriptions, Typography } from 'antd';
import type { Town } from '../../../shared/contract/town';

export function HomePage({ town }: { town: Town }) {
  return (
    <div data-testid="home-page">
      <h1 className="page-title">{town.name}综治中心</h1>
      <Card>
        <Descriptions column={2} bordered size="middle">
          <Descriptions.Item label="乡镇（街道）">{town.name}</Descriptions.Item>
          <Descriptions.Item label="类别">{town.kind}</Descriptions.Item>
          <Descriptions.Item label="统计用区划代码">{town.code}</Descriptions.Item>
          <Descriptions.Item label="县级代码">{town.code.slice(0, 6)}</Descriptions.Item>
          <Descriptions.Item label="建档时间">{new Date(town.createdAt).toLocaleString('zh-CN')}</Descriptions.Item>
          <Descriptions.Item label="最近修改">{new Date(town.updatedAt).toLocaleString('zh-CN')}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          数据保存在本机数据库中，不联网也能使用。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
