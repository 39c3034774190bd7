import { useState } from 'react';
import { fromLocalInput, toLocalInput } from '../../format';

export interface ArchivePickerProps {
  /** Where the picker starts (epoch ms); a minute ago when absent. */
  readonly initial: number | undefined;
  readonly onPick: (time: number) => void;
  readonly onCancel: () => void;
}

const JUMPS: ReadonlyArray<readonly [label: string, ms: number]> = [
  ['−10 s', 10_000],
  ['−1 min', 60_000],
  ['−10 min', 600_000],
];

/** "Go to time" for one tile: a date and time to the second, or a quick jump back from now. */
export function ArchivePicker({ initial, onPick, onCancel }: ArchivePickerProps) {
  // "Now" as of opening the picker: a render must not read the clock.
  const [openedAt] = useState(() => Date.now());
  const [value, setValue] = useState(() => toLocalInput(initial ?? openedAt - 60_000));
  const time = fromLocalInput(value);
  const future = time !== undefined && time > openedAt;
  return (
    <form
      className="picker"
      data-testid="archive-picker"
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
      onSubmit={(event) => {
        event.preventDefault();
        if (time !== undefined && !future) onPick(time);
      }}
    >
      <label className="picker__label">
        Play recording from
        <input
          className="picker__input"
          data-testid="archive-time"
          type="datetime-local"
          step="1"
          value={value}
          max={toLocalInput(openedAt)}
          autoFocus
          onChange={(event) => setValue(event.target.value)}
        />
      </label>
      {future && <span className="picker__problem">That moment has not happened yet</span>}
      <div className="picker__row">
        {JUMPS.map(([label, ms]) => (
          <button key={label} type="button" className="button" onClick={() => onPick(Date.now() - ms)}>
            {label}
          </button>
        ))}
        <span className="picker__spacer" />
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" data-testid="archive-go" disabled={time === undefined || future}>
          Play
        </button>
      </div>
    </form>
  );
}
