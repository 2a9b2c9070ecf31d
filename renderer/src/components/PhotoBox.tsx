// The photo box of a person (the 一人一卡 card's): the stored photo or an empty box 照片; upload / replace / remove.
// The core checks the file (JPEG or PNG, not too large), shrinks it and stores it; its message is shown as it is.
import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { PersonPhoto } from '../../../shared/contract/people';
import { call, errorMessage } from '../api';

const photoFilter = [{ name: '照片（JPEG、PNG）', extensions: ['jpg', 'jpeg', 'png'] }];

export function PhotoBox({ residentId }: { residentId: number }) {
  const { message } = App.useApp();
  const [photo, setPhoto] = useState<PersonPhoto | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const load = useCallback(async () => {
    try {
      setPhoto(await call('person.photo.get', { residentId }));
    } catch (err) {
      setPhoto(null);
      message.error(errorMessage(err));
    }
  }, [residentId, message]);
  useEffect(() => {
    setPhoto(undefined);
    void load();
  }, [load]);

  const upload = async () => {
    const path = await window.api.pickOpenFile(photoFilter);
    if (!path) return;
    setBusy(true);
    try {
      setPhoto(await call('person.photo.set', { residentId, path }));
      message.success('照片已保存');
    } catch (err) {
      message.error({ content: <span data-testid="photo-error">{errorMessage(err)}</span> });
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    try {
      await call('person.photo.remove', { residentId });
      setPhoto(null);
      message.success('照片已删除');
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="photo-box" data-testid="photo-box">
      <div className="photo-frame">
        {photo === undefined ? <Spin size="small" /> : photo ? (
          <img src={`data:${photo.mime};base64,${photo.base64}`} alt="照片" data-testid="photo-image" />
        ) : (
          <span className="muted">照片</span>
        )}
      </div>
      <Space size={4} className="no-print">
        <Button size="small" icon={<UploadOutlined />} onClick={() => void upload()} loading={busy} data-testid="photo-upload">
          {photo ? '更换' : '上传'}
        </Button>
        {photo ? (
          <Popconfirm title="删除这张照片？" okText="删除" cancelText="取消" onConfirm={() => void remove()}>
            <Button size="small" danger icon={<DeleteOutlined />} disabled={busy} data-testid="photo-remove">
              删除
            </Button>
          </Popconfirm>
        ) : null}
      </Space>
    </div>
  );
}
