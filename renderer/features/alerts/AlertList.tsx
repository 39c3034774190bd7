import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef } from 'react';
import type { EventRecord } from '../../../shared/model/event';
import { formatTime } from '../../format';
import { resourceUrl, retryImage } from '../../ipc/resources';
import { useAlerts } from '../../stores/alerts';
import { useAlertsSync } from './alerts-context';

const ROW_HEIGHT = 52;

/**
 * The alert list, newest first, virtualised: only the rows in view exist in the page, so a
 * burst of thousands of events costs the same to draw as a dozen. Scrolling to the end
 * fetches the next page from the journal.
 */
export function AlertList() {
  const sync = useAlertsSync();
  const { records, selected, opened, flashing, more, loading, toggleSelected, open, pending, setPointerOver, reveal } = useAlerts();
  const scroller = useRef<HTMLDivElement>(null);
  // The React Compiler is not used in this project, so its memoisation warning does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: records.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1);

  useEffect(() => {
    if (last && last.index >= records.length - 20 && more && !loading) void sync.loadMore();
  }, [last, records.length, more, loading, sync]);

  // New alerts go on top. At the top, the operator sees them come in; scrolled down to
  // read one, the rows they are reading must not slide away under a burst, so the view
  // moves down by what was added above it, before the frame is painted.
  // Where the list is scrolled is kept from its scroll events: reading `scrollTop` here,
  // after React changed the rows, forced a layout of the whole page for every alert (0.7 s
  // of the main thread in a burst of 300 with 16 tiles playing).
  const newest = useRef<string | undefined>(undefined);
  const scrolledTo = useRef(0);
  useLayoutEffect(() => {
    const element = scroller.current;
    const previous = newest.current;
    newest.current = records[0]?.id;
    if (!element || previous === undefined || scrolledTo.current === 0) return;
    const added = records.findIndex((record) => record.id === previous);
    if (added <= 0) return;
    scrolledTo.current += added * ROW_HEIGHT;
    element.scrollTop = scrolledTo.current;
  }, [records]);

  // The pointer leaving the window never fires mouseleave on the list: let go on unmount too.
  useEffect(() => () => setPointerOver(false), [setPointerOver]);

  const newer =
    pending.length > 0 ? (
      <button type="button" className="alerts__new" data-testid="alerts-new" data-count={pending.length} onClick={reveal} title="The list holds still while the pointer is over it or alerts are ticked">
        {pending.length} new — show
      </button>
    ) : null;
  if (records.length === 0)
    return (
      <>
        {newer}
        <p className="sidebar__note">{loading ? 'Loading…' : 'No alerts match.'}</p>
      </>
    );
  // "N new" floats over the top of the list rather than pushing it down: rows never move
  // under the pointer, and the button is inside the area that holds the list still.
  return (
    <div className="alerts__hold" onPointerEnter={() => setPointerOver(true)} onPointerLeave={() => setPointerOver(false)}>
    {newer}
    <div className="alerts__scroll" ref={scroller} data-testid="alert-list" onScroll={(event) => (scrolledTo.current = event.currentTarget.scrollTop)}>
      <div className="alerts__space" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const record = records[item.index];
          if (!record) return null;
          return (
            <AlertRow
              key={record.id}
              record={record}
              top={item.start}
              selected={selected.has(record.id)}
              opened={opened === record.id}
              flashing={flashing.has(record.id)}
              onToggle={toggleSelected}
              onOpen={open}
            />
          );
        })}
      </div>
    </div>
    </div>
  );
}

interface AlertRowProps {
  readonly record: EventRecord;
  readonly top: number;
  readonly selected: boolean;
  readonly opened: boolean;
  readonly flashing: boolean;
  /** The store's own actions (stable), called with the row's id: the row re-renders only when what it shows changes. */
  readonly onToggle: (id: string) => void;
  readonly onOpen: (id: string) => void;
}

/** One row; memoised, so an alert arriving re-renders only the rows that moved or changed, not every row in view. */
const AlertRow = memo(function AlertRow({ record, top, selected, opened, flashing, onToggle: toggle, onOpen: open }: AlertRowProps) {
  const acked = record.state === 'acknowledged';
  const onToggle = (): void => toggle(record.id);
  const onOpen = (): void => open(record.id);
  return (
    <div
      className={`alert alert--${record.severity}${acked ? ' alert--acked' : ''}${record.state === 'none' ? ' alert--plain' : ''}${opened ? ' alert--opened' : ''}${flashing ? ' alert--flash' : ''}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      data-testid="alert"
      data-alert-id={record.id}
      data-ack={acked ? 'true' : 'false'}
      data-state={record.state}
      data-severity={record.severity}
      data-vendor-id={record.vendorEventId ?? ''}
      data-time={record.time}
      role="button"
      tabIndex={0}
      onClick={onOpen}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onOpen();
        if (event.key === ' ') {
          event.preventDefault();
          onToggle();
        }
      }}
    >
      {record.state === 'open' ? (
        <input type="checkbox" className="alert__check" aria-label={`Select ${record.label}`} checked={selected} onClick={(event) => event.stopPropagation()} onChange={onToggle} />
      ) : (
        <span className="alert__check" aria-hidden="true" />
      )}
      {record.image ? <img className="event__thumb" src={resourceUrl(record.image)} onError={retryImage(record.image)} alt="" loading="lazy" decoding="async" /> : <span className="event__thumb event__thumb--none" title="This event came without a picture" aria-hidden="true" />}
      <span className="event__text">
        <span className="event__label">{record.label}</span>
        <span className="event__meta">
          {record.cameraName ?? record.cameraId ?? 'Unknown camera'}
          {acked && record.ack ? ` · ✓ ${record.ack.by}` : ''}
        </span>
      </span>
      <span className="alert__side">
        <time className="event__time" dateTime={new Date(record.time).toISOString()}>
          {formatTime(record.time)}
        </time>
        <span className={`sev sev--${record.severity}`}>{record.severity}</span>
      </span>
    </div>
  );
});
