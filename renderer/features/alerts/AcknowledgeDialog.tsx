import { useState } from 'react';
import type { EventRecord } from '../../../shared/model/event';
import { useClient } from '../../ipc/context';
import { useSettings } from '../../stores/settings';

export interface AcknowledgeDialogProps {
  readonly alerts: readonly EventRecord[];
  readonly onDone: (acknowledged: readonly string[]) => void;
  readonly onCancel: () => void;
}

/**
 * Acknowledges one or more alerts, as the operator named in the settings, with a comment
 * (required when a chosen alert's severity needs one). It closes only once the core has
 * written the acknowledgement to disk; a refusal is shown in words.
 */
export function AcknowledgeDialog({ alerts, onDone, onCancel }: AcknowledgeDialogProps) {
  const client = useClient();
  const settings = useSettings((state) => state.settings);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const open = alerts.filter((alert) => alert.state === 'open');
  const needsComment = open.some((alert) => settings.commentRequiredFor.includes(alert.severity));
  const noOperator = settings.operatorName.trim() === '';

  const confirm = async (): Promise<void> => {
    setBusy(true);
    const result = await client.invoke('alerts.acknowledge', { ids: open.map((alert) => alert.id), comment: comment.trim() || undefined });
    setBusy(false);
    if (result.ok) onDone(result.value.acknowledged);
    else setProblem(result.error.message);
  };

  return (
    <div className="dialog__backdrop" onMouseDown={onCancel}>
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Acknowledge alerts"
        data-testid="ack-dialog"
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.key === 'Escape' && onCancel()}
        onSubmit={(event) => {
          event.preventDefault();
          void confirm();
        }}
      >
        <header className="dialog__head">
          Acknowledge {open.length} alert{open.length === 1 ? '' : 's'}
        </header>
        {noOperator ? (
          <p className="picker__problem">Set your name as operator (top bar) first: acknowledgements are recorded by name.</p>
        ) : (
          <p className="editor__hint">Recorded as acknowledged by {settings.operatorName}, now.</p>
        )}
        <label className="picker__label">
          Comment{needsComment ? ' (required for these alerts)' : ' (optional)'}
          <textarea
            className="picker__input ack__comment"
            data-testid="ack-comment"
            rows={3}
            maxLength={2000}
            value={comment}
            autoFocus
            title="Ctrl+Enter acknowledges"
            onChange={(event) => setComment(event.target.value)}
            onKeyDown={(event) => {
              // Ctrl+Enter: done typing, acknowledge (Enter alone is a new line in the comment).
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                event.currentTarget.form?.requestSubmit();
              }
            }}
          />
        </label>
        {problem && <p className="picker__problem" role="alert">{problem}</p>}
        <footer className="dialog__foot">
          <span className="picker__spacer" />
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" data-testid="ack-confirm" disabled={busy || noOperator || open.length === 0 || (needsComment && comment.trim() === '')}>
            {busy ? 'Saving…' : 'Acknowledge'}
          </button>
        </footer>
      </form>
    </div>
  );
}
