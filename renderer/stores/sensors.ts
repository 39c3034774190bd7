import { create } from 'zustand';
import type { SensorsState } from '../../shared/model/sensor';
import type { TesseraClient } from '../ipc/client';

interface SensorsStore {
  readonly state: SensorsState;
  readonly loaded: boolean;
  /** The Sensors dialog is open. */
  readonly open: boolean;
}

export const useSensors = create<SensorsStore>()(() => ({ state: { sensors: [], queues: [] }, loaded: false, open: false }));

export function openSensorsDialog(): void {
  useSensors.setState({ open: true });
}

export function closeSensorsDialog(): void {
  useSensors.setState({ open: false });
}

/** Loads each sensor's health and each target's queue, and keeps them current from the core's events. */
export function syncSensors(client: TesseraClient): () => void {
  const stop = client.on('sensors.changed', (state) => useSensors.setState({ state, loaded: true }));
  void client.invoke('sensors.state', {}).then((result) => {
    if (result.ok) useSensors.setState({ state: result.value, loaded: true });
  });
  return stop;
}

/** How many sensors are not connected, and how many deliveries failed: what the toolbar button warns of. */
export function sensorTrouble(state: SensorsState): { readonly down: number; readonly failed: number } {
  return { down: state.sensors.filter((sensor) => sensor.enabled && !sensor.connected).length, failed: state.queues.reduce((sum, queue) => sum + queue.failed, 0) };
}
