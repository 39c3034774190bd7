import { useState } from 'react';
import { useAlerts } from '../../stores/alerts';
import { AcknowledgeDialog } from './AcknowledgeDialog';
import { AlertFilters } from './AlertFilters';
import { AlertList } from './AlertList';
import { Handover } from './Handover';

/** The right-hand panel: the alert list with its filters and bulk acknowledgement, or the shift handover. */
export function AlertPanel() {
  const { records, selected, counts, selectOnly } = useAlerts();
  const [tab, setTab] = useState<'list' | 'handover'>('list');
  const [acknowledging, setAcknowledging] = useState(false);
  const openShown = records.filter((record) => record.state === 'open');
  const chosen = records.filter((record) => selected.has(record.id));
  const allChosen = openShown.length > 0 && openShown.every((record) => selected.has(record.id));

  return (
    <aside className="events" aria-label="Alerts">
      <header className="panel__header">
        <div className="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'list'} className={`tab${tab === 'list' ? ' tab--on' : ''}`} onClick={() => setTab('list')}>
            Alerts
          </button>
          <button type="button" role="tab" aria-selected={tab === 'handover'} className={`tab${tab === 'handover' ? ' tab--on' : ''}`} data-testid="tab-handover" onClick={() => setTab('handover')}>
            Handover
          </button>
        </div>
        <span className="panel__count" data-testid="event-count" title="Rows in this list">
          {records.length}
        </span>
      </header>
      {tab === 'handover' ? (
        <Handover />
      ) : (
        <>
          <AlertFilters />
          <div className="bulk">
            <label className="bulk__all">
              <input type="checkbox" aria-label="Select every open alert shown" data-testid="select-all" checked={allChosen} disabled={openShown.length === 0} onChange={() => selectOnly(allChosen ? [] : openShown.map((record) => record.id))} />
              {chosen.length > 0 ? `${chosen.length} selected` : `${counts.open} open`}
            </label>
            <button type="button" className="button button--primary" data-testid="ack-selected" disabled={chosen.length === 0} onClick={() => setAcknowledging(true)}>
              Acknowledge
            </button>
          </div>
          <AlertList />
        </>
      )}
      {acknowledging && (
        <AcknowledgeDialog
          alerts={chosen}
          onCancel={() => setAcknowledging(false)}
          onDone={() => {
            setAcknowledging(false);
            selectOnly([]);
          }}
        />
      )}
    </aside>
  );
}
