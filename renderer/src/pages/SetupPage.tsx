// First start on an empty database: the town's name and code, then the app opens on 首页.
import { Card, Typography } from 'antd';
import type { Town } from '../../../shared/contract/town';
import { call } from '../api';
import { TownForm } from '../components/TownForm';

export function SetupPage({ onDone }: { onDone: (town: Town) => void }) {
  return (
    <div className="setup-wrap">
      <Card className="setup-card" title={<span style={{ fontSize: 18 }}>欢迎使用乡镇综治台账</span>} data-testid="setup-page">
        <Typography.Paragraph type="secondary">
          首次使用，请先填写本乡镇（街道）的名称和统计用区划代码。所有数据只保存在本机，不会上传。
        </Typography.Paragraph>
        <TownForm submitText="保存并开始使用" onSubmit={(input) => call('town.setup', input)} onDone={onDone} />
      </Card>
    </div>
  );
}
