import { MAX_DWELL_S } from './dwell';

export interface DwellControlsProps {
  /** The field's words, e.g. "Seconds per camera". */
  readonly fieldLabel: string;
  readonly minSeconds: number;
  /** As typed (checked by the caller with `dwellProblem`, which also gives `problem`). */
  readonly seconds: string;
  readonly onSeconds: (typed: string) => void;
  readonly problem: string | undefined;
  readonly startLabel: string;
  readonly onStart: () => void;
  readonly stopLabel: string;
  /** Present while one runs: the stop button, which also closes the dialog. */
  readonly onStop?: (() => void) | undefined;
  readonly onClose: () => void;
  /** Test ids of the field and of the start and stop buttons. */
  readonly testIds: { readonly dwell: string; readonly start: string; readonly stop: string };
}

/**
 * The seconds field and the start / stop / cancel footer that the carousel and the
 * monitor-cycle dialogs share: start stays disabled while the choice has a problem,
 * which is said under the field.
 */
export function DwellControls({ fieldLabel, minSeconds, seconds, onSeconds, problem, startLabel, onStart, stopLabel, onStop, onClose, testIds }: DwellControlsProps) {
  return (
    <>
      <label className="picker__label">
        {fieldLabel}
        <input className="picker__input" data-testid={testIds.dwell} type="number" min={minSeconds} max={MAX_DWELL_S} step={1} value={seconds} onChange={(event) => onSeconds(event.target.value)} />
      </label>
      {problem && <p className="editor__hint">{problem}</p>}
      <footer className="dialog__foot">
        <button type="button" className="button button--primary" data-testid={testIds.start} disabled={problem !== undefined} onClick={onStart}>
          {startLabel}
        </button>
        {onStop && (
          <button
            type="button"
            className="button"
            data-testid={testIds.stop}
            onClick={() => {
              onStop();
              onClose();
            }}
          >
            {stopLabel}
          </button>
        )}
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </footer>
    </>
  );
}
