import { useEffect, useMemo, useRef, useState } from 'react';
import { cameraKey, type CameraRef } from '../../../shared/model/camera';
import { MAX_TIMELINE_SPAN_MS, type Recordings, type TimeRange } from '../../../shared/model/timeline';
import { formatDateTime } from '../../format';
import { useClient } from '../../ipc/context';
import { useServers } from '../../stores/servers';
import { useTimeline } from '../../stores/timeline';
import { useWall } from '../../stores/wall';
import { useNow } from '../../ui/shared-ticker';
import { Timeline, toMarkerSet } from '../timeline';
import { clockTime, seekClock } from './playback-clock';
import { EVENT_LEAD_MS, LIVE_TICK_MS, PLAYBACK_TICK_MS } from './PlaybackBar';
import { playAt } from './play-at';

/** While following the present, the view moves on this often. */
const FOLLOW_MS = 5000;
/** Markers are fetched this much wider than the view, so small pans need no fetch. */
const MARGIN = 0.5;
const FETCH_DEBOUNCE_MS = 200;
/** New events of the wall's cameras refresh the markers at most this often. */
const REFRESH_MS = 2000;
/** Recorded ranges are asked again this often. */
const RECORDINGS_REFRESH_MS = 30_000;
/** Seeks while the playhead is dragged, at most this often (each may load a frame). */
const SCRUB_SEEK_MS = 200;

/** The unique cameras of the wall, in tile order. */
function wallCameras(tiles: ReturnType<typeof useWall.getState>['tiles'], archiveOnly: boolean): CameraRef[] {
  const seen = new Set<string>();
  const cameras: CameraRef[] = [];
  for (const tile of tiles) {
    if (!tile || (archiveOnly && tile.source.mode !== 'archive') || seen.has(cameraKey(tile))) continue;
    seen.add(cameraKey(tile));
    cameras.push({ serverId: tile.serverId, cameraId: tile.cameraId });
  }
  return cameras;
}

function widen(view: TimeRange): TimeRange {
  const span = view.to - view.from;
  const margin = Math.min(span * MARGIN, (MAX_TIMELINE_SPAN_MS - span) / 2);
  return { from: Math.round(view.from - margin), to: Math.round(view.to + margin) };
}

/**
 * The timeline under the wall, fed from the core: event markers of the wall's cameras,
 * their recorded ranges, and the playhead of the wall's playback clock. Scrubbing and
 * clicking markers play the recording there (see `playAt`).
 */
export function WallTimeline() {
  const client = useClient();
  const tiles = useWall((state) => state.tiles);
  const playback = useWall((state) => state.playback);
  const { view, following, setView, markers, markerCameras, shown } = useTimeline();
  const names = useServers((state) => state.cameras);
  // The playhead runs with the clock, on the tick the playback bar's clock also uses.
  const now = useNow(playback ? PLAYBACK_TICK_MS : LIVE_TICK_MS);
  /** What each camera's VMS said it recorded, by camera key (absent: not asked or failed). */
  const [recordings, setRecordings] = useState<ReadonlyMap<string, Recordings | { readonly unreadable: string }>>(new Map());
  const [refresh, setRefresh] = useState(0);
  const loaded = useRef<{ span: TimeRange; key: string; refresh: number } | undefined>(undefined);
  const lastSeek = useRef(0);

  // Rows: the cameras playing back, else every camera on the wall.
  // A tile whose camera is not on any server now (a wall saved on other servers) gets no lane.
  const listed = (camera: CameraRef): boolean => names[camera.serverId]?.some((known) => known.cameraId === camera.cameraId) === true;
  const archiveCameras = wallCameras(tiles, true).filter(listed);
  const cameras = archiveCameras.length > 0 ? archiveCameras : wallCameras(tiles, false).filter(listed);
  const camerasKey = cameras.map(cameraKey).join(',');

  // The view follows the present while untouched.
  useEffect(() => {
    if (!following) return;
    const span = view.to - view.from;
    const at = Date.now();
    if (at > view.to - span * 0.1) setView({ from: at - span * 0.9, to: at + span * 0.1 }, true);
    const timer = window.setInterval(() => {
      const moment = Date.now();
      const current = useTimeline.getState();
      const width = current.view.to - current.view.from;
      if (current.following) current.setView({ from: moment - width * 0.9, to: moment + width * 0.1 }, true);
    }, FOLLOW_MS);
    return () => window.clearInterval(timer);
  }, [following, view, setView]);

  // Playback keeps its playhead in view (paging along, as a timeline of a player does);
  // back to live, the view follows the present again.
  const playhead = playback ? clockTime(playback, now) : undefined;
  useEffect(() => {
    const span = view.to - view.from;
    if (playhead === undefined) {
      if (!following) setView({ from: Date.now() - span * 0.9, to: Date.now() + span * 0.1 }, true);
      return;
    }
    if (playhead < view.from || playhead > view.to - span * 0.05) setView({ from: playhead - span * 0.3, to: playhead + span * 0.7 }, false);
    // Only the arrival at live, or the playhead leaving the view, moves it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [playhead === undefined, playhead !== undefined && (playhead < view.from || playhead > view.to - (view.to - view.from) * 0.05)]);

  // Recordings grow and new gaps appear without events: look again now and then.
  useEffect(() => {
    const timer = window.setInterval(() => setRefresh((count) => count + 1), RECORDINGS_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);

  // New events of these cameras: fetch again (throttled).
  useEffect(() => {
    const keys = new Set(camerasKey.split(','));
    let timer: number | undefined;
    const stop = client.on('events.added', (batch) => {
      if (timer !== undefined || !batch.some((record) => record.cameraId && keys.has(cameraKey({ serverId: record.serverId, cameraId: record.cameraId })))) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        setRefresh((count) => count + 1);
      }, REFRESH_MS);
    });
    return () => {
      stop();
      window.clearTimeout(timer);
    };
  }, [client, camerasKey]);

  // Markers and recordings for a span a little wider than the view.
  useEffect(() => {
    if (cameras.length === 0) {
      useTimeline.setState({ markers: undefined, markerCameras: [] });
      return;
    }
    const known = loaded.current;
    if (known && known.key === camerasKey && known.refresh === refresh && known.span.from <= view.from && known.span.to >= view.to) return;
    const span = widen(view);
    let current = true;
    const timer = window.setTimeout(() => {
      void client.invoke('timeline.markers', { from: span.from, to: span.to, cameras }).then((result) => {
        if (!current || !result.ok) return;
        loaded.current = { span, key: camerasKey, refresh };
        useTimeline.setState({ markers: result.value, markerCameras: cameras });
      });
      void Promise.all(cameras.map((camera) => client.invoke('timeline.recordings', { ...camera, from: span.from, to: span.to }))).then((results) => {
        if (!current) return;
        setRecordings(new Map(results.flatMap((result, index) => (cameras[index] ? [[cameraKey(cameras[index]), result.ok ? result.value : { unreadable: result.error.message }] as const] : []))));
      });
    }, FETCH_DEBOUNCE_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
    // `cameras` is represented by `camerasKey`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, camerasKey, view, refresh]);

  const set = useMemo(() => (markers ? toMarkerSet(markers) : undefined), [markers]);
  const nameOf = (ref: CameraRef | undefined): string => (ref ? (names[ref.serverId]?.find((camera) => camera.cameraId === ref.cameraId)?.name ?? ref.cameraId) : 'Unknown camera');
  const rows = cameras.map((camera) => {
    const answer = recordings.get(cameraKey(camera));
    // Why no recordings are drawn, in words, when the VMS did not say or could not be asked:
    // not one long gap, which would claim that nothing was recorded.
    if (answer && 'unreadable' in answer) return { key: cameraKey(camera), label: nameOf(camera), recordings: undefined, unreadable: answer.unreadable };
    const unlisted = answer?.source === 'unknown';
    return { key: cameraKey(camera), label: nameOf(camera), recordings: unlisted ? undefined : answer?.ranges, unlisted };
  });

  if (!shown) return null;
  return (
    <Timeline
      view={view}
      onViewChange={(next, phase) => {
        // The timeline draws the gesture itself; the view is kept (and fetched for) when it ends.
        if (phase === 'end') setView(next, false);
      }}
      playhead={playhead}
      onScrub={(time, phase) => {
        const wall = useWall.getState();
        if (phase === 'move') {
          // Dragging an archive group shows frames as it goes; a live wall waits for the release.
          if (!wall.playback || performance.now() - lastSeek.current < SCRUB_SEEK_MS) return;
          lastSeek.current = performance.now();
          wall.changePlayback((clock, moment) => seekClock(clock, time, moment));
          return;
        }
        playAt(time);
      }}
      rows={rows}
      markers={set}
      now={now}
      describeMarker={(index) => {
        const type = markers?.types[markers.type[index] ?? 0];
        return { title: type?.label ?? 'Event', detail: `${nameOf(markerCameras[markers?.camera[index] ?? 0])} · ${formatDateTime(markers?.time[index] ?? 0)}` };
      }}
      onMarkerClick={(index) => {
        const camera = markerCameras[markers?.camera[index] ?? -1];
        const time = markers?.time[index];
        if (!camera || time === undefined) return;
        const wall = useWall.getState();
        let tile = wall.tiles.findIndex((candidate) => candidate?.serverId === camera.serverId && candidate.cameraId === camera.cameraId);
        if (tile < 0) {
          tile = wall.selected;
          wall.assign(tile, camera);
        }
        wall.select(tile);
        playAt(time - EVENT_LEAD_MS, [tile]);
      }}
    />
  );
}
