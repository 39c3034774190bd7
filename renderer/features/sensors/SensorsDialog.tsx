import { useEffect, useState } from 'react';
import type { SensorSettings } from '../../../shared/model/sensor';
import { useClient } from '../../ipc/context';
import { closeSensorsDialog, useSensors } from '../../stores/sensors';
import { Modal } from '../../ui/Modal';
import { SensorForm } from './SensorForm';
import { SensorsPanel } from './SensorsPanel';

type View = { readonly kind: 'list' } | { readonly kind: 'add' } | { readonly kind: 'edit'; readonly id: string };

/**
 * The Sensors dialog: the panel (each sensor's health, each VMS's delivery queue) and the
 * form to add or change a sensor. Passwords and secrets go to the core and are never
 * shown again; the form only says one is stored.
 */
export function SensorsDialog() {
  const client = useClient();
  const open = useSensors((state) => state.open);
  const state = useSensors((current) => current.state);
  const [view, setView] = useState<View>({ kind: 'list' });
  const [settings, setSettings] = useState<readonly SensorSettings[]>([]);
  const sensorIds = state.sensors.map((sensor) => sensor.id).join('\n');

  // Fetched again when the list of sensors changes (here or in another window).
  useEffect(() => {
    if (!open) return undefined;
    let current = true;
    void client.invoke('sensors.settings', {}).then((result) => {
      if (current && result.ok) setSettings(result.value);
    });
    return () => {
      current = false;
    };
  }, [client, open, sensorIds, view]);

  if (!open) return null;
  const list = (): void => setView({ kind: 'list' });
  const close = (): void => {
    setView({ kind: 'list' });
    closeSensorsDialog();
  };
  const editing = view.kind === 'edit' ? settings.find((sensor) => sensor.config.id === view.id) : undefined;
  const inForm = view.kind === 'add' || editing !== undefined;
  return (
    <Modal label="Sensors" testId="sensors-dialog" className="dialog--servers" onClose={inForm ? list : close} closeOnBackdrop={!inForm}>
      {view.kind === 'add' && <SensorForm key="new" existing={undefined} onDone={list} onCancel={list} />}
      {editing && <SensorForm key={editing.config.id} existing={editing} onDone={list} onCancel={list} />}
      {!inForm && <SensorsPanel state={state} onAdd={() => setView({ kind: 'add' })} onEdit={(id) => setView({ kind: 'edit', id })} onClose={close} />}
    </Modal>
  );
}
