import { useEffect, useState } from 'react';
import type { EventRecord } from '../../../shared/model/event';
import { formatDateTime, formatTime } from '../../format';
import { useClient } from '../../ipc/context';
import { resourceLink, resourceUrl, retryImage } from '../../ipc/resources';
import { useAlerts } from '../../stores/alerts';
import { useServers } from '../../stores/servers';
import { useSettings } from '../../stores/settings';
import { useWall } from '../../stores/wall';
import { CloseIcon } from '../../ui/icons';
import { AcknowledgeDialog } from './AcknowledgeDialog';

/** Seconds of video shown before an event when it is played from the drawer. */
const LEAD_MS = 5000;

/**
 * The snapshot drawer: the opened alert's picture large, the previous and next alert of
 * the list, its details and raw metadata, its snap and clip to download, a way to play
 * the recording from just before it, and acknowledgement.
 */
export function AlertDrawer() {
  const client = useClient();
  const { opened, records, open } = useAlerts();
  const [fetched, setFetched] = useState<EventRecord | undefined>(undefined);
  const [acknowledging, setAcknowledging] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const commentRequiredFor = useSettings((state) => state.settings.commentRequiredFor);
  const operatorName = useSettings((state) => state.settings.operatorName);
  const listed = records.find((record) => record.id === opened);
  const record = listed ?? (fetched?.id === opened ? fetched : undefined);

  // An alert opened from outside the list (the handover) is read from the journal.
  useEffect(() => {
    if (!opened || listed) return;
    let current = true;
    void client.invoke('events.get', { id: opened }).then((result) => {
      if (current && result.ok && result.value) setFetched(result.value);
    });
    return () => {
      current = false;
    };
  }, [client, opened, listed]);

  useEffect(() => {
    if (!opened) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.target instanceof HTMLElement && event.target.closest('input, textarea, [role="dialog"]')) return;
      if (event.key === 'Escape') open(undefined);
      const at = records.findIndex((candidate) => candidate.id === opened);
      if (event.key === 'ArrowUp' && at > 0) open(records[at - 1]?.id);
      if (event.key === 'ArrowDown' && at >= 0 && at < records.length - 1) open(records[at + 1]?.id);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [opened, records, open]);

  if (!opened || !record) return null;
  const at = records.findIndex((candidate) => candidate.id === record.id);
  // No comment needed: no dialog either (the operator's name is the record).
  const needsComment = commentRequiredFor.includes(record.severity) || operatorName.trim() === '';
  /** After an acknowledgement, the next open alert below this one (else above it) opens. */
  const openNext = (): void => {
    const next = records.slice(at + 1).find((candidate) => candidate.state === 'open' && candidate.id !== record.id) ?? records.slice(0, Math.max(0, at)).find((candidate) => candidate.state === 'open');
    if (next) open(next.id);
  };
  const acknowledgeNow = async (): Promise<void> => {
    const result = await client.invoke('alerts.acknowledge', { ids: [record.id] });
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    setProblem(undefined);
    openNext();
  };
  const newer = at > 0 ? records[at - 1] : undefined;
  const older = at >= 0 ? records[at + 1] : undefined;

  return (
    <aside className="drawer" role="dialog" aria-label={`Alert: ${record.label}`} data-testid="alert-drawer" data-alert-id={record.id}>
      <div className="drawer__head">
        <span className={`sev sev--${record.severity}`}>{record.severity}</span>
        <strong className="drawer__title">{record.label}</strong>
        <button type="button" className="button" data-testid="drawer-newer" disabled={!newer} title="Newer alert (↑)" onClick={() => open(newer?.id)}>
          ↑ Newer
        </button>
        <button type="button" className="button" data-testid="drawer-older" disabled={!older} title="Older alert (↓)" onClick={() => open(older?.id)}>
          ↓ Older
        </button>
        <button type="button" className="tile__action tile__icon" aria-label="Close" onClick={() => open(undefined)}>
          <CloseIcon />
        </button>
      </div>
      {record.image ? <img className="drawer__image" src={resourceUrl(record.image)} onError={retryImage(record.image)} alt={`${record.label} on ${record.cameraName ?? 'camera'}`} data-testid="drawer-image" /> : <div className="drawer__noimage">No picture came with this event</div>}
      <Details record={record} />
      <div className="details__actions">
        {record.state === 'open' && (
          <button type="button" className="button button--primary" data-testid="drawer-ack" title={needsComment ? 'Acknowledge with a comment' : 'Acknowledge and go to the next open alert'} onClick={() => (needsComment ? setAcknowledging(true) : void acknowledgeNow())}>
            Acknowledge
          </button>
        )}
        <PlayFromHere record={record} />
        {record.snap && (
          <a className="button" data-testid="event-snap" {...resourceLink(`${record.snap}?download=1`)} download>
            Download snap
          </a>
        )}
        {record.clip && (
          <a className="button" data-testid="event-clip" {...resourceLink(`${record.clip}?download=1`)} download>
            Download clip
          </a>
        )}
      </div>
      <details className="details__raw">
        <summary>Raw metadata</summary>
        <pre data-testid="drawer-raw">{JSON.stringify(record.raw, null, 2)}</pre>
      </details>
      {problem && (
        <p className="picker__problem" role="alert">
          {problem}
        </p>
      )}
      {acknowledging && (
        <AcknowledgeDialog
          alerts={[record]}
          onCancel={() => setAcknowledging(false)}
          onDone={() => {
            setAcknowledging(false);
            openNext();
          }}
        />
      )}
    </aside>
  );
}

function Details({ record }: { readonly record: EventRecord }) {
  const server = useServers((state) => state.servers.find((candidate) => candidate.id === record.serverId));
  const vendorWords = useServers((state) => state.vendors.find((vendor) => record.type in vendor.eventTypes)?.eventTypes[record.type]);
  // A type no table of Tessera's names (a Milestone user-defined event, an IVMS code added
  // since) has the words the VMS sent with it, which the core keeps as the event's label.
  const typeWords = vendorWords ?? (record.label && record.label !== typeCode(record.type) ? record.label : undefined);
  return (
    <dl className="details__fields" data-testid="event-details">
      <dt>Camera</dt>
      <dd>{record.cameraName ?? record.cameraId ?? 'Unknown'}</dd>
      <dt>Server</dt>
      <dd>{server?.name ?? record.serverId}</dd>
      <dt>Time</dt>
      <dd>
        {formatDateTime(record.time)}
        {record.timeUncertain && ' (time of arrival: the source’s time was unreadable)'}
      </dd>
      <dt>As sent</dt>
      <dd>{record.sourceTime || '—'}</dd>
      <dt>Type</dt>
      <dd data-testid="drawer-type">
        {/* Words for the type (a Milestone type is a GUID); the code is what alert rules match. */}
        {typeWords ? (
          <>
            {typeWords} <span className="details__code">{record.type}</span>
          </>
        ) : (
          record.type
        )}
      </dd>
      <dt>State</dt>
      <dd data-testid="drawer-state">
        {record.state === 'acknowledged' && record.ack
          ? `Acknowledged by ${record.ack.by} at ${formatTime(record.ack.at)}${record.ack.comment ? `: “${record.ack.comment}”` : ''}`
          : record.state === 'open'
            ? 'Open'
            : 'Event (not an alert)'}
      </dd>
    </dl>
  );
}

/** The vendor's own code of a type as the core keeps it (`milestone:<guid>` → `<guid>`). */
function typeCode(type: string): string {
  return type.slice(type.indexOf(':') + 1);
}

/** Opens the camera's recording a few seconds before the event, on its tile or the selected one. */
function PlayFromHere({ record }: { readonly record: EventRecord }) {
  const { tiles, selected, assign, showArchive, select } = useWall();
  if (!record.cameraId) return null;
  const cameraId = record.cameraId;
  const play = (): void => {
    const onWall = tiles.findIndex((tile) => tile?.serverId === record.serverId && tile.cameraId === cameraId);
    const index = onWall >= 0 ? onWall : selected;
    if (onWall < 0) assign(index, { serverId: record.serverId, cameraId });
    showArchive(index, record.time - LEAD_MS);
    select(index);
  };
  return (
    <button type="button" className="button" data-testid="event-play" onClick={play}>
      Play from here
    </button>
  );
}
