import type { EventRecord } from '../../../shared/model/event';
import { formatTime } from '../../format';
import { useEvents } from '../../stores/events';
import { useServers } from '../../stores/servers';
import { useWall } from '../../stores/wall';
import { CloseIcon } from '../../ui/icons';

/** Seconds of video shown before an event when it is played from the panel. */
const LEAD_MS = 5000;

/** The latest events of every server, newest first, with the selected one's details. */
export function EventPanel() {
  const { events, selectedId, select } = useEvents();
  const selected = events.find((event) => event.id === selectedId);
  return (
    <aside className="events" aria-label="Events">
      <header className="panel__header">
        <span>Events</span>
        <span className="panel__count" data-testid="event-count">
          {events.length}
        </span>
      </header>
      {selected && <EventDetails event={selected} onClose={() => select(undefined)} />}
      {events.length === 0 ? (
        <p className="sidebar__note">No events yet. They appear here as the servers send them.</p>
      ) : (
        <ul className="events__list">
          {events.map((event) => (
            <li key={event.id}>
              <button type="button" className={`event${event.id === selectedId ? ' event--selected' : ''}`} data-testid="event" data-event-id={event.id} onClick={() => select(event.id)}>
                {event.image ? <img className="event__thumb" src={event.image} alt="" loading="lazy" decoding="async" /> : <span className="event__thumb event__thumb--none" aria-hidden="true" />}
                <span className="event__text">
                  <span className="event__label">{event.label}</span>
                  <span className="event__meta">{event.cameraName ?? event.cameraId ?? 'Unknown camera'}</span>
                </span>
                <time className="event__time" dateTime={new Date(event.time).toISOString()}>
                  {formatTime(event.time)}
                </time>
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

function EventDetails({ event, onClose }: { readonly event: EventRecord; readonly onClose: () => void }) {
  const server = useServers((state) => state.servers.find((candidate) => candidate.id === event.serverId));
  const { tiles, selected, assign, showArchive } = useWall();
  const playFromHere = (): void => {
    if (!event.cameraId) return;
    const ref = { serverId: event.serverId, cameraId: event.cameraId };
    const onWall = tiles.findIndex((tile) => tile?.serverId === ref.serverId && tile.cameraId === ref.cameraId);
    const index = onWall >= 0 ? onWall : selected;
    if (onWall < 0) assign(index, ref);
    showArchive(index, event.time - LEAD_MS);
  };
  return (
    <section className="details" data-testid="event-details">
      <div className="details__head">
        <strong>{event.label}</strong>
        <button type="button" className="tile__action tile__icon" aria-label="Close details" onClick={onClose}>
          <CloseIcon />
        </button>
      </div>
      {event.image && <img className="details__image" src={event.image} alt={`${event.label} on ${event.cameraName ?? 'camera'}`} />}
      <dl className="details__fields">
        <dt>Camera</dt>
        <dd>{event.cameraName ?? event.cameraId ?? 'Unknown'}</dd>
        <dt>Server</dt>
        <dd>{server?.name ?? event.serverId}</dd>
        <dt>Time</dt>
        <dd>
          {formatTime(event.time)}
          {event.timeUncertain && ' (time of arrival: the source’s time was unreadable)'}
        </dd>
        <dt>As sent</dt>
        <dd>{event.sourceTime || '—'}</dd>
        <dt>Type</dt>
        <dd>{event.type}</dd>
      </dl>
      <div className="details__actions">
        {event.cameraId && (
          <button type="button" className="button button--primary" data-testid="event-play" onClick={playFromHere}>
            Play from here
          </button>
        )}
        {event.snap && (
          <a className="button" data-testid="event-snap" href={`${event.snap}?download=1`} download>
            Download snap
          </a>
        )}
        {event.clip && (
          <a className="button" data-testid="event-clip" href={`${event.clip}?download=1`} download>
            Download clip
          </a>
        )}
      </div>
      <details className="details__raw">
        <summary>Raw metadata</summary>
        <pre>{JSON.stringify(event.raw, null, 2)}</pre>
      </details>
    </section>
  );
}
