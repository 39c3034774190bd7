import { create } from 'zustand';

/** Whether the renderer is connected to the core (only the web transport can lose it). */
export const useConnection = create<{ readonly lost: boolean }>()(() => ({ lost: false }));
