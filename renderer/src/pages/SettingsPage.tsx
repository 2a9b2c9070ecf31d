// 设置: the open database (town's, demo, another file), its backups, the town, the rule values.
import { App, Card, Descriptions } from 'antd';
import { useEffect, useState } from 'react';
import type { SystemInfo } from '../../../shared/contract/system';
import type { Town } from '../../../shared/contract/town';
import type { WorkspaceState } from '../../../shared/contract/workspace';
import { call, errorMessage } from '../api';
import { RulesCard } from '../components/ledger/RulesCard';
import { PdfFontsCard } from '../components/PdfFontsCard';
import { TownForm } from '../components/TownForm';
import { WorkspaceCard } from '../components/WorkspaceCard';
import { BackupCard } from '../components/BackupCard';
import { CalendarCard, EventCategoryCard } from './events/EventSettings';
import { BasemapCard } from '../components/BasemapCard';

interface Props {
  town: Town;
  workspace: WorkspaceState;
  onSaved: () => void;
  /** Another database was opened: the shell reloads everything. */
  onSwitched: () => void;
}

export function SettingsPage({ town, workspace, onSaved, onSwitched }: Props) {
  const { message } = App.useApp();
  const [info, setInfo] = useState<SystemInfo | null>(null);
  useEffect(() => {
    call('system.info', {}).then(setInfo).catch((err) => message.error(errorMessage(err)));
  }, [message, workspace.path]);

  return (
    <div data-testid="settings-page">
      <h1 className="page-title">设置</h1>
      <WorkspaceCard workspace={workspace} onSwitched={onSwitched} />
      <BackupCard onRestored={onSwitched} />
      <Card title="本乡镇" style={{ maxWidth: 640, marginBottom: 16 }} data-testid="town-card">
        <TownForm
          initial={{ name: town.name, code: town.code }}
          submitText="保存"
          onSubmit={(input) => call('town.update', input)}
          onDone={() => {
            message.success('已保存');
            onSaved();
          }}
        />
      </Card>
      <RulesCard />
      <CalendarCard />
      <EventCategoryCard />
      <PdfFontsCard />
      <BasemapCard />
      {info ? (
        <Card title="关于本机数据" style={{ maxWidth: 640 }}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label="软件版本">{info.appVersion}</Descriptions.Item>
            <Descriptions.Item label="数据结构版本">{info.schemaVersion}</Descriptions.Item>
            <Descriptions.Item label="数据库文件">{info.dbPath}</Descriptions.Item>
          </Descriptions>
        </Card>
      ) : null}
    </div>
  );
}
