// First start on an empty database: the town's name and code, then the app opens on 首页.
// A newcomer can instead load a generated demo town to see the app at work.
import { ExperimentOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Divider, Progress, Typography } from 'antd';
import { useState } from 'react';
import type { Town } from '../../../shared/contract/town';
import { ApiError, call, errorMessage } from '../api';
import { TownForm } from '../components/TownForm';
import { progressPercent, useJob } from '../jobs';
import { openDemo } from '../workspace';

export function SetupPage({ onDone }: { onDone: (town: Town) => void }) {
  const job = useJob();
  const [error, setError] = useState<string | null>(null);

  const loadDemo = async () => {
    setError(null);
    try {
      // The demo opens in its own database file; this (empty) one stays as it is.
      await openDemo(job);
      const town = await call('town.get', {});
      if (town) onDone(town);
      else setError('演示数据已载入，但读不到乡镇信息，请重新打开程序。');
    } catch (err) {
      setError(err instanceof ApiError && err.info.code === 'CANCELLED' ? '已取消，演示数据库没有改动。' : errorMessage(err));
    }
  };

  return (
    <div className="setup-wrap">
      <Card className="setup-card" title={<span style={{ fontSize: 18 }}>欢迎使用乡镇综治台账</span>} data-testid="setup-page">
        <Typography.Paragraph type="secondary">
          首次使用，请先填写本乡镇（街道）的名称和统计用区划代码。所有数据只保存在本机，不会上传。
        </Typography.Paragraph>
        <TownForm submitText="保存并开始使用" onSubmit={(input) => call('town.setup', input)} onDone={onDone} />
        <Divider plain>或者先看看</Divider>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          打开一个虚构的示范乡镇（约 3000 人，含村/社区、网格、网格员和户），熟悉各项功能。演示数据保存在单独的演示数据库中，不会写入本乡镇的数据库；姓名和号码均为随机生成。
        </Typography.Paragraph>
        {job.running ? (
          <div data-testid="demo-progress">
            <Progress percent={progressPercent(job.progress)} status="active" />
            <Typography.Text type="secondary">{job.progress?.stage ?? '正在生成演示数据…'}</Typography.Text>
          </div>
        ) : (
          <Button block icon={<ExperimentOutlined />} onClick={loadDemo} data-testid="load-demo">
            打开演示数据
          </Button>
        )}
        {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="demo-error" /> : null}
      </Card>
    </div>
  );
}
