import { createContext, useContext } from 'react';
import type { AlertsSync } from '../../stores/alerts';

export const AlertsContext = createContext<AlertsSync | null>(null);

export function useAlertsSync(): AlertsSync {
  const sync = useContext(AlertsContext);
  if (!sync) throw new Error('useAlertsSync outside AlertsContext');
  return sync;
}
