import { useEffect, useState } from 'react';
import type { ServerSettings } from '../../../shared/model/server-config';
import { useClient } from '../../ipc/context';
import { closeServersDialog, openServersDialog, useServers, useServersDialog } from '../../stores/servers';
import { CameraManagerPanel } from './CameraManagerPanel';
import { ServerFormPanel } from './ServerFormPanel';
import { ServerList } from './ServerList';
import { Modal } from '../../ui/Modal';

/**
 * The servers dialog: every server with its state and why, and a form to add, edit and
 * test one. Settings come from the core without passwords; a password typed here goes to
 * the core and is never shown again (the form only says one is stored).
 */
export function ServersDialog() {
  const client = useClient();
  const view = useServersDialog((state) => state.view);
  const infos = useServers((state) => state.servers);
  const [settings, setSettings] = useState<readonly ServerSettings[] | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);

  // Fetched again whenever the servers change (added, removed, renamed here or in another window).
  useEffect(() => {
    let current = true;
    void client.invoke('servers.settings', {}).then((result) => {
      if (!current) return;
      if (result.ok) {
        setSettings(result.value);
        setProblem(undefined);
      } else setProblem(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [client, infos]);

  if (!view) return null;
  const editing = view.kind === 'edit' ? settings?.find((server) => server.id === view.serverId) : undefined;
  const showList = (): void => openServersDialog({ kind: 'list' });
  const managing = view.kind === 'cameras' ? infos.find((info) => info.id === view.serverId && info.manageCameras) : undefined;
  const inForm = view.kind === 'add' || (view.kind === 'edit' && editing !== undefined) || managing !== undefined;

  return (
    <Modal label="Servers" testId="servers-dialog" className="dialog--servers" onClose={inForm ? showList : closeServersDialog} closeOnBackdrop={!inForm}>
      {problem && <p className="picker__problem" role="alert">{problem}</p>}
      {view.kind === 'add' && <ServerFormPanel key="new" existing={undefined} takenIds={new Set(settings?.map((server) => server.id))} onDone={showList} onCancel={showList} />}
      {view.kind === 'edit' && editing && <ServerFormPanel key={editing.id} existing={editing} takenIds={new Set()} onDone={showList} onCancel={showList} />}
      {view.kind === 'edit' && !editing && settings && <p className="editor__hint">There is no server “{view.serverId}” any more.</p>}
      {managing && <CameraManagerPanel server={managing} onBack={showList} />}
      {!inForm && (
        <ServerList
          settings={settings ?? []}
          infos={infos}
          loading={settings === undefined && problem === undefined}
          onAdd={() => openServersDialog({ kind: 'add' })}
          onEdit={(serverId) => openServersDialog({ kind: 'edit', serverId })}
          onCameras={(serverId) => openServersDialog({ kind: 'cameras', serverId })}
          onClose={closeServersDialog}
        />
      )}
    </Modal>
  );
}
