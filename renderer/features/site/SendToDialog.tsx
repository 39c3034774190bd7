import { useClient } from '../../ipc/context';
import { Modal } from '../../ui/Modal';
import { pushViews, tileView, useSite } from './site-store';

/** "Send to…" on a tile: every monitor of every PC of the site that takes pushes from this one. */
export function SendToDialog({ index }: { index: number }) {
  const client = useClient();
  const state = useSite((site) => site.state);
  const close = (): void => useSite.setState({ sending: null });
  const view = tileView(index);
  const tile = view?.tiles[0];
  const pcs = (state?.pcs ?? []).filter((pc) => pc.me || pc.acceptPushFrom === null || pc.acceptPushFrom.includes(state?.pc ?? ''));
  return (
    <Modal label="Send to a monitor" testId="send-to" className="send-to" onClose={close}>
      <header className="dialog__head">Send {tile?.name ?? 'this tile'} to…</header>
      {!state?.configured && <p className="editor__hint">This PC is not in a site.</p>}
      {state?.configured && state.broker !== 'online' && <p className="editor__hint">The site broker is not reachable: only this PC&apos;s monitors can take it now.</p>}
      <ul className="send-to__list">
        {pcs.map((pc) => (
          <li key={pc.id}>
            <strong>{pc.me ? `${pc.id} (this PC)` : pc.id}</strong>
            {!pc.online && !pc.me && <span className="site-pc__state"> offline</span>}
            <span className="send-to__monitors">
              {pc.monitors.map((monitor) => (
                <button
                  key={monitor.index}
                  type="button"
                  className="button"
                  data-testid="send-to-monitor"
                  data-pc={pc.id}
                  data-monitor={monitor.index}
                  data-window={monitor.window === false ? 'false' : 'true'}
                  disabled={!view || monitor.window === false || (!pc.me && (!pc.online || state?.broker !== 'online'))}
                  title={monitor.window === false ? `No window shows monitor ${monitor.index + 1} on ${pc.id} now` : undefined}
                  onClick={() => {
                    if (!view || !tile) return;
                    void pushViews(client, pc.id, { [String(monitor.index)]: view }, `camera ${tile.name ?? tile.cameraId}`).then((sent) => sent && close());
                  }}
                >
                  Monitor {monitor.index + 1}
                  {monitor.window === false ? ' (no window)' : ''}
                </button>
              ))}
            </span>
          </li>
        ))}
      </ul>
      <footer className="dialog__foot">
        <button type="button" className="button" onClick={close}>
          Cancel
        </button>
      </footer>
    </Modal>
  );
}
