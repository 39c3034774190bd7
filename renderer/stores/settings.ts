import { create } from 'zustand';
import { Settings } from '../../shared/model/settings';
import type { TesseraClient } from '../ipc/client';

/** The operator's settings as the core holds them; changes from any window arrive here. */
export const useSettings = create<{ readonly settings: Settings; readonly loaded: boolean }>()(() => ({ settings: Settings.parse({}), loaded: false }));

export function syncSettings(client: TesseraClient): () => void {
  const stop = client.on('settings.changed', (settings) => useSettings.setState({ settings, loaded: true }));
  void client.invoke('settings.get', {}).then((result) => {
    if (result.ok) useSettings.setState({ settings: result.value, loaded: true });
  });
  return stop;
}
