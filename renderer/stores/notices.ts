import { create } from 'zustand';

export interface Notice {
  readonly id: number;
  readonly text: string;
  readonly kind: 'info' | 'problem';
}

interface NoticesState {
  readonly notices: readonly Notice[];
}

/** How long a notice stays; problems stay longer, they may need reading twice. */
const SHOW_MS = { info: 5000, problem: 12_000 } as const;

export const useNotices = create<NoticesState>()(() => ({ notices: [] }));

let next = 0;

/** Tells the operator something that happened out of sight (a file saved, an export failed). */
export function notify(text: string, kind: Notice['kind'] = 'info'): void {
  const notice = { id: ++next, text, kind };
  useNotices.setState((state) => ({ notices: [...state.notices.slice(-4), notice] }));
  window.setTimeout(() => useNotices.setState((state) => ({ notices: state.notices.filter((shown) => shown.id !== notice.id) })), SHOW_MS[kind]);
}
