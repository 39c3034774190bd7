import { useState } from 'react';
import { formatDateTime, fromLocalInput, toLocalInput } from '../../format';
import { useClient } from '../../ipc/context';
import { notify } from '../../stores/notices';
import { useServers } from '../../stores/servers';
import { eventSteps, useTimeline } from '../../stores/timeline';
import { useWall } from '../../stores/wall';
import { useNow } from '../../ui/shared-ticker';
import { archiveMembers } from './archive-members';
import { clockTime, setPaused, setSpeed, SPEEDS, stepClock } from './playback-clock';
import { playAt } from './play-at';
import { ExportDialog } from './ExportDialog';
import { saveSnapshot } from './snapshot';
import { tileControllers } from '../wall/tile-registry';
import { playbackTargets } from './targets';

/** Events are played from this long before they happened. */
export const EVENT_LEAD_MS = 5000;

const JUMPS: ReadonlyArray<readonly [label: string, ms: number]> = [
  ['−10 min', -600_000],
  ['−1 min', -60_000],
  ['−10 s', -10_000],
  ['+10 s', 10_000],
  ['+1 min', 60_000],
];

/** How often the playback bar and the timeline follow the clock while recorded video plays, and live. */
export const PLAYBACK_TICK_MS = 250;
export const LIVE_TICK_MS = 1000;

/**
 * Playback of recordings for the wall: go to a typed time or jump, previous/next event,
 * pause, speed, frame step, back to live, snapshot and export. It acts on the tiles that
 * play a recording (they move together); with none, on the Ctrl+clicked tiles or the
 * selected one, or on the whole wall.
 */
export function PlaybackBar() {
  const client = useClient();
  const wall = useWall();
  // On the tick the timeline also moves by (one render for both): four times a second while
  // a recording plays, once a second live, where only the present moves.
  const now = useNow(wall.playback ? PLAYBACK_TICK_MS : LIVE_TICK_MS);
  const markers = useTimeline((state) => state.markers);
  const timelineShown = useTimeline((state) => state.shown);
  const toggleTimeline = useTimeline((state) => state.toggleShown);
  const clock = wall.playback;
  const at = clock ? clockTime(clock, now) : undefined;
  const [typed, setTyped] = useState('');
  const [exporting, setExporting] = useState(false);
  const targets = playbackTargets(wall);
  const cameraTiles = wall.tiles.flatMap((tile, index) => (tile ? [index] : []));

  const goTo = (time: number): void => playAt(time);
  const frameMs = Math.max(...archiveMembers.all().map((member) => member.frameMs()), 0) || 100;
  const from = at ?? now;
  // "Whole wall" with no playback yet starts at the moment the Go-to field shows (what the
  // operator typed, else a minute ago): the first picture is the moment they chose, not a
  // minute ago followed by a jump. A wall already playing back joins its current moment.
  const fieldMoment = fromLocalInput(typed) ?? from - 60_000;
  const { previous, next } = eventSteps(markers, at, now, EVENT_LEAD_MS);

  const snapshot = async (): Promise<void> => {
    const index = wall.selected;
    const tile = wall.tiles[index];
    const controller = tileControllers.get(index);
    const camera = tile ? useServers.getState().cameras[tile.serverId]?.find((candidate) => candidate.cameraId === tile.cameraId) : undefined;
    if (!tile || !controller || !camera) {
      notify('Select a tile with a camera to take a snapshot', 'problem');
      return;
    }
    try {
      const picture = controller.player?.picture();
      if (!picture) throw new Error('There is no picture to take yet');
      notify(await saveSnapshot(client, { picture, cameraName: camera.name, time: controller.position() }));
    } catch (error) {
      notify(`Snapshot failed: ${error instanceof Error ? error.message : String(error)}`, 'problem');
    }
  };

  return (
    <div className="playback" data-testid="playback-bar" data-mode={clock ? 'archive' : 'live'}>
      <span className={`playback__time${clock ? '' : ' playback__time--live'}`} data-testid="playback-time" data-time={at === undefined ? '' : Math.round(at)}>
        {at === undefined ? 'LIVE' : formatDateTime(at)}
      </span>
      {clock && (
        // The speed is in its selector; what is said here is only what cannot be seen there.
        <span className="playback__speed" data-testid="playback-state">
          {clock.paused ? 'Paused' : ''}
        </span>
      )}
      <form
        className="playback__goto"
        onSubmit={(event) => {
          event.preventDefault();
          const time = fromLocalInput(typed || toLocalInput(from - (clock ? 0 : 60_000)));
          // Never a silent Go: a date that cannot be read is said so.
          if (time === undefined) notify('That date and time cannot be read: give a full date and time (day, month, year, hours, minutes)', 'problem');
          else goTo(time);
        }}
      >
        <input className="picker__input" type="datetime-local" step="1" data-testid="goto-time" aria-label="Go to time" value={typed || toLocalInput(from - (clock ? 0 : 60_000))} onChange={(event) => setTyped(event.target.value)} />
        <button type="submit" className="button" data-testid="goto-go" disabled={targets.length === 0 && !clock}>
          Go
        </button>
      </form>
      <div className="playback__group" role="group" aria-label="Jumps">
        <button type="button" className="button" data-testid="event-prev" disabled={!previous} title="Play the previous event" onClick={() => previous && goTo(previous.time - EVENT_LEAD_MS)}>
          ◂ Event
        </button>
        {JUMPS.map(([label, ms]) => (
          <button key={label} type="button" className="button" data-testid={`jump-${ms}`} disabled={!clock && (ms > 0 || targets.length === 0)} onClick={() => goTo(from + ms)}>
            {label}
          </button>
        ))}
        <button type="button" className="button" data-testid="event-next" disabled={!next} title="Play the next event" onClick={() => next && goTo(next.time - EVENT_LEAD_MS)}>
          Event ▸
        </button>
      </div>
      <div className="playback__group" role="group" aria-label="Playback">
        <button type="button" className="button" data-testid="frame-back" disabled={!clock} title="One frame back" onClick={() => wall.changePlayback((current, moment) => stepClock(current, -1, frameMs, moment))}>
          ◀|
        </button>
        <button type="button" className="button button--primary playback__play" data-testid="play-pause" disabled={!clock} onClick={() => wall.changePlayback((current, moment) => setPaused(current, !current.paused, moment))}>
          {clock?.paused ? '▶ Play' : '❚❚ Pause'}
        </button>
        <button type="button" className="button" data-testid="frame-forward" disabled={!clock} title="One frame forward" onClick={() => wall.changePlayback((current, moment) => stepClock(current, 1, frameMs, moment))}>
          |▶
        </button>
        <select data-testid="speed" aria-label="Speed" disabled={!clock} value={clock?.speed ?? 1} onChange={(event) => wall.changePlayback((current, moment) => setSpeed(current, Number(event.target.value), moment))}>
          {SPEEDS.map((speed) => (
            <option key={speed} value={speed}>
              {speed}×
            </option>
          ))}
        </select>
      </div>
      <span className="playback__spacer" />
      <button type="button" className="button" data-testid="sync-wall" disabled={cameraTiles.length === 0} title="Every camera on the wall plays the same moment" onClick={() => wall.showArchive(cameraTiles, at ?? fieldMoment)}>
        Whole wall
      </button>
      <button type="button" className="button" data-testid="snapshot" onClick={() => void snapshot()} title="Save the selected tile's picture as PNG">
        Snapshot
      </button>
      <button type="button" className="button" data-testid="export-open" onClick={() => setExporting(true)} title="Save recorded video as MP4">
        Export…
      </button>
      <button type="button" className="button" data-testid="timeline-toggle" aria-pressed={timelineShown} title={timelineShown ? 'Fold the timeline away' : 'Show the timeline'} onClick={toggleTimeline}>
        Timeline {timelineShown ? '▾' : '▸'}
      </button>
      <button type="button" className="button button--live" data-testid="go-live" disabled={!clock} onClick={() => wall.allLive()}>
        Live
      </button>
      {exporting && <ExportDialog around={at ?? now} onClose={() => setExporting(false)} />}
    </div>
  );
}
