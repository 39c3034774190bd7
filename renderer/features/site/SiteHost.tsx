import { useEffect } from 'react';
import { useClient } from '../../ipc/context';
import { useWallsUi } from '../walls/walls-ui';
import { SendToDialog } from './SendToDialog';
import { syncSite, useSite } from './site-store';

/** Keeps the site current, names the sender of what another PC put on this monitor, and opens "Send to…". */
export function SiteHost() {
  const client = useClient();
  useEffect(() => syncSite(client), [client]);
  const monitor = useWallsUi((state) => state.monitor);
  // The core learns which monitors have a window (until this window's connection closes), for the site.
  useEffect(() => void client.invoke('site.window', { monitor }), [client, monitor]);
  const pushed = useSite((site) => site.pushed);
  const sending = useSite((site) => site.sending);
  const conflict = useSite((site) => site.state?.conflict);
  return (
    <>
      {conflict && (
        <div className="site-conflict" role="alert" data-testid="site-conflict">
          {conflict}
        </div>
      )}
      {pushed && (
        <div className="site-pushed" role="status" data-testid="site-pushed" data-from={pushed.from}>
          Sent by {pushed.from}: {pushed.label}
          <button type="button" className="button" aria-label="Dismiss" onClick={() => useSite.setState({ pushed: undefined })}>
            ×
          </button>
        </div>
      )}
      {sending !== null && <SendToDialog index={sending} />}
    </>
  );
}

/** The toolbar's Site button: shows or hides the Site panel. */
export function SiteButton() {
  const open = useSite((site) => site.open);
  const configured = useSite((site) => site.state?.configured ?? false);
  if (!configured) return null;
  return (
    <button type="button" className={`button${open ? ' button--on' : ''}`} data-testid="toggle-site" aria-pressed={open} title={open ? 'Hide the Site panel' : 'The PCs of the site and their monitors'} onClick={() => useSite.setState({ open: !open })}>
      Site
    </button>
  );
}
