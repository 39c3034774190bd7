import { createContext, useContext } from 'react';
import type { TesseraClient } from './client';

export const ClientContext = createContext<TesseraClient | null>(null);

export function useClient(): TesseraClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientContext');
  return client;
}
