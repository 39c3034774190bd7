import { type CSSProperties, type RefObject, useEffect, useRef, useState } from 'react';
import { type Camera, cameraKey } from '../../../shared/model/camera';
import type { ServerInfo } from '../../../shared/model/server';
import { formatTime } from '../../format';
import { cameraImageUrl } from '../cameras/camera-image-url';
import { resourceUrl, retryImage } from '../../ipc/resources';
import { useAlerts } from '../../stores/alerts';
import { useAlertsSync } from '../alerts/alerts-context';
import { type TileSource, useWall } from '../../stores/wall';
import { CameraIcon, ClockIcon, CloseIcon, MaximizeIcon } from '../../ui/icons';
import { onTick } from '../../ui/shared-ticker';
import { useClient } from '../../ipc/context';
import { notify } from '../../stores/notices';
import { saveSnapshot } from '../playback/snapshot';
import { showLivePicture } from '../../players/live-pictures';
import { CarouselBadge } from '../walls/CarouselBadge';
import { editCarousel } from '../walls/walls-ui';
import { useSite } from '../site/site-store';
import { ArchivePicker } from './ArchivePicker';
import { RaiseEventPicker } from './RaiseEventPicker';
import { TileMenu, openTileMenu, useTileMenu } from './TileMenu';
import { REPLAY_JUMPS_MS, tileMenuItems } from './tile-menu-items';
import { type DragPayload, isOurDrag, readDrop, startDrag } from './dnd';
import { usePictureSize } from './picture-size';
import type { TileStreamController } from './tile-stream-controller';
import { TILE_STATE_LABEL } from './tile-state';
import { tileWords } from './tile-words';
import { useLastFrame } from './use-last-frame';
import { useDigitalZoom, zoomStyle } from './use-digital-zoom';
import { useOnScreen } from './use-on-screen';
import { useTileStream } from './use-tile-stream';

export interface TileProps {
  readonly index: number;
  readonly camera: Camera | undefined;
  readonly source: TileSource;
  readonly server: ServerInfo | undefined;
  readonly selected: boolean;
  readonly maximized: boolean;
  /** Behind a maximised tile. */
  readonly hidden: boolean;
  readonly placement: CSSProperties;
  /** The tile names a camera that is not there (its server is not configured, or no longer lists it): why, in words. */
  readonly missing?: string | undefined;
  readonly onDrop: (index: number, payload: DragPayload) => void;
}

const NO_PROFILES: readonly { width: number; height: number }[] = [];

/** One cell of the wall: a camera, live, replayed or recorded, with its overlay; or an empty slot. */
export function Tile({ index, camera, source, server, selected, maximized, hidden, placement, missing, onDrop }: TileProps) {
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const wall = useWall();
  const alarm = useAlerts((state) => (camera ? state.cameraAlarms[cameraKey(camera)]?.at(-1) : undefined));
  const openAlert = useAlerts((state) => state.open);
  const alarmSync = useAlertsSync();
  const alarmed = alarm !== undefined;
  const marked = wall.marked.includes(index);
  const speed = useWall((state) => (state.playback?.paused ? 'paused' : `${state.playback?.speed ?? 1}×`));
  const visible = useOnScreen(box, hidden);
  const size = usePictureSize(box);
  const { status, controller } = useTileStream({
    index,
    camera,
    source,
    visible,
    size,
    profiles: server?.profiles ?? NO_PROFILES,
    video,
    canvas,
    signInNeeded: server?.state === 'sign-in',
    onEnded: () => wall.showLive(index),
  });
  const [picking, setPicking] = useState(false);
  const inSite = useSite((site) => site.state?.configured ?? false);
  const [raising, setRaising] = useState(false);
  const [dropping, setDropping] = useState(false);
  const recorded = source.mode !== 'live';
  const { state: streamState, reason, lastFrameAt: frozenAt } = status;
  const state = missing ? 'error' : streamState;
  // What this tile shows live while it plays, for the pictures of alerts whose VMS gives none
  // (alert-pictures.ts): never a stalled tile's last frame, which would not show the event.
  const liveServerId = source.mode === 'live' && state === 'playing' ? camera?.serverId : undefined;
  const liveCameraId = source.mode === 'live' && state === 'playing' ? camera?.cameraId : undefined;
  useEffect(() => {
    if (liveServerId === undefined || liveCameraId === undefined) return;
    return showLivePicture(liveServerId, liveCameraId, () => controller.current?.player?.picture());
  }, [liveServerId, liveCameraId, controller]);
  const { still, takenAt: stillAt } = useLastFrame(controller, state);
  // An outage keeps the last frame on screen, dimmed, with its time (an offline camera's player holds its own).
  const showStill = frozenAt === undefined && stillAt !== undefined && (state === 'reconnecting' || state === 'stalled' || state === 'error');
  const lastFrameAt = frozenAt ?? (showStill ? stillAt : undefined);
  const { words, detail } = tileWords(state, reason, server?.name);
  const zoom = useWall((state) => state.tiles[index]?.zoom);
  const setZoom = useWall((state) => state.setZoom);
  const zooming = useDigitalZoom(box, zoom, (next) => setZoom(index, next), camera !== undefined);
  const picture = zoomStyle(zoom);
  const client = useClient();
  const takeSnapshot = async (): Promise<void> => {
    const picture = controller.current?.player?.picture();
    if (!camera) return;
    try {
      if (!picture) throw new Error('There is no picture to take yet');
      notify(await saveSnapshot(client, { picture, cameraName: camera.name, time: controller.current?.position() }));
    } catch (error) {
      notify(`Snapshot failed: ${error instanceof Error ? error.message : String(error)}`, 'problem');
    }
  };
  const menuAt = useTileMenu((menu) => (menu.open?.index === index ? menu.open : null));
  const menuItems = (): ReturnType<typeof tileMenuItems> =>
    tileMenuItems(
      { hasCamera: camera !== undefined, occupied: camera !== undefined || missing !== undefined, mode: source.mode, maximized, marked, zoomed: zoom !== undefined, canRaiseEvents: server?.raiseEvents === true, inSite },
      {
        replay: (ms) => wall.showReplay(index, Date.now() - ms),
        live: () => wall.showLive(index),
        pickTime: () => setPicking(true),
        raiseEvent: () => setRaising(true),
        snapshot: () => void takeSnapshot(),
        maximize: () => wall.toggleMaximize(index),
        resetZoom: () => setZoom(index, undefined),
        toggleGroup: () => wall.toggleMark(index),
        carousel: () => editCarousel(index),
        send: () => useSite.setState({ sending: index }),
        close: () => wall.clear(index),
      },
    );
  const act = (action: () => void) => (event: React.MouseEvent) => {
    event.stopPropagation();
    action();
  };

  return (
    <div
      ref={box}
      className={`tile tile--${state}${selected ? ' tile--selected' : ''}${recorded ? ' tile--recorded' : ''}${hidden ? ' tile--hidden' : ''}${dropping ? ' tile--drop' : ''}${maximized ? ' tile--maximized' : ''}${alarmed ? ' tile--alarm' : ''}${marked ? ' tile--marked' : ''}`}
      style={placement}
      data-testid="tile"
      data-index={index}
      data-camera-id={camera?.cameraId ?? ''}
      data-server-id={camera?.serverId ?? ''}
      data-state={state}
      data-mode={source.mode === 'live' ? 'live' : 'archive'}
      data-replay={source.mode === 'replay' ? 'true' : undefined}
      data-visible={visible ? 'true' : 'false'}
      data-alarm={alarmed ? 'true' : undefined}
      data-marked={marked ? 'true' : undefined}
      aria-selected={selected}
      role="gridcell"
      draggable={camera !== undefined && zoom === undefined}
      data-zoom={zoom ? zoom.scale.toFixed(2) : undefined}
      onClick={(event) => {
        // Ctrl/Cmd+click picks several tiles to play a recording together.
        if (event.ctrlKey || event.metaKey) wall.toggleMark(index);
        else wall.select(index);
      }}
      onPointerDown={(event) => {
        wall.touch(index);
        zooming.onPointerDown(event);
      }}
      // Double-click: back to the whole picture when zoomed in, else maximise.
      onDoubleClick={() => (zoom ? setZoom(index, undefined) : camera && wall.toggleMaximize(index))}
      onContextMenu={(event) => {
        // A text field on the tile (the recording picker's date) keeps the browser's own menu: copy and paste.
        if (event.target instanceof HTMLElement && event.target.closest('input, textarea')) return;
        event.preventDefault();
        wall.select(index);
        openTileMenu(index, event.clientX, event.clientY);
      }}
      onDragStart={(event) => startDrag(event, { kind: 'tile', index })}
      onDragOver={(event) => {
        if (!isOurDrag(event)) return;
        event.preventDefault();
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(event) => {
        setDropping(false);
        const payload = readDrop(event);
        if (!payload) return;
        event.preventDefault();
        onDrop(index, payload);
      }}
    >
      <video ref={video} className="tile__video" style={picture} muted playsInline disablePictureInPicture />
      <canvas ref={canvas} className="tile__video tile__frames" style={picture} aria-hidden="true" hidden />
      <canvas ref={still} className={`tile__video tile__still${showStill ? ' tile__still--on' : ''}`} style={picture} data-testid={showStill ? 'tile-still' : undefined} aria-hidden="true" />
      {camera && server?.livePreview && state !== 'playing' && state !== 'offline' && lastFrameAt === undefined && (
        // The VMS's latest picture of the camera, until the video's first frame.
        <img className="tile__video tile__poster" style={picture} data-testid="tile-poster" alt="" src={resourceUrl(cameraImageUrl(camera))} onError={retryImage(cameraImageUrl(camera))} />
      )}
      <CarouselBadge index={index} />
      {menuAt && <TileMenu at={menuAt} label={camera ? `${camera.name}: tile actions` : `Tile ${index + 1}: actions`} items={menuItems()} />}
      {zoom && (
        <button type="button" className="tile__zoom" data-testid="tile-zoom" title="Digital zoom: wheel or pinch to zoom, drag to pan, double-click for the whole picture" onClick={(event) => {
            event.stopPropagation();
            setZoom(index, undefined);
          }}
        >
          {zoom.scale.toFixed(1)}× ✕
        </button>
      )}
      {camera ? (
        <>
          <div className="tile__bar">
            <span className={`tile__dot tile__dot--${state}`} aria-hidden="true" />
            <span className="tile__name" title={camera.name}>
              {camera.name}
            </span>
            <span className="tile__server">{server?.name ?? camera.serverId}</span>
            {marked && (
              <span className="tile__badge tile__badge--group" data-testid="tile-group" title="In the playback group (Ctrl+click to take it out)">
                GROUP
              </span>
            )}
            {source.mode === 'live' ? (
              <>
                <span className="tile__badge tile__badge--live">LIVE</span>
                {REPLAY_JUMPS_MS.map((ms) => (
                  <button key={ms} type="button" className="tile__action tile__hover" data-testid={`tile-replay-${ms / 1000}`} title={`Replay the last ${ms / 1000} s`} onClick={act(() => wall.showReplay(index, Date.now() - ms))}>
                    −{ms / 1000} s
                  </button>
                ))}
              </>
            ) : (
              <>
                <span className={`tile__badge tile__badge--${source.mode}`} data-testid="tile-badge">
                  {source.mode === 'replay' ? 'REPLAY' : `ARCHIVE ${speed}`}
                </span>
                <button type="button" className="tile__action" data-testid="tile-live" title="Back to live" onClick={act(() => wall.showLive(index))}>
                  Live
                </button>
              </>
            )}
            <button type="button" className="tile__action tile__icon tile__hover" data-testid="tile-archive" title="Play recording from a time" aria-label={`Play a recording of ${camera.name}`} onClick={act(() => setPicking((open) => !open))}>
              <ClockIcon />
            </button>
            {server?.raiseEvents && (
              <button type="button" className="tile__action tile__hover" data-testid="tile-raise-event" title="Raise one of the VMS’s user-defined events on this camera" aria-label={`Raise an event on ${camera.name}`} onClick={act(() => setRaising((open) => !open))}>
                ⚑
              </button>
            )}
            <button type="button" className="tile__action tile__hover" data-testid="tile-carousel" title="Carousel: cycle this tile through cameras" aria-label={`Carousel on tile ${index + 1}`} onClick={act(() => editCarousel(index))}>
              ⟳
            </button>
            {inSite && (
              <button type="button" className="tile__action tile__hover" data-testid="tile-send" title="Send to a monitor of a PC of the site" aria-label={`Send ${camera.name} to…`} onClick={act(() => useSite.setState({ sending: index }))}>
                Send…
              </button>
            )}
            <button type="button" className="tile__action tile__icon tile__hover" data-testid="tile-snapshot" title="Snapshot (PNG)" aria-label={`Snapshot of ${camera.name}`} onClick={(event) => {
                event.stopPropagation();
                void takeSnapshot();
              }}
            >
              <CameraIcon />
            </button>
            <button type="button" className="tile__action tile__icon tile__hover" data-testid="tile-maximize" title={maximized ? 'Restore the wall (Enter)' : 'Maximise (Enter)'} aria-label={maximized ? 'Restore' : `Maximise ${camera.name}`} onClick={act(() => wall.toggleMaximize(index))}>
              <MaximizeIcon restore={maximized} />
            </button>
            <button type="button" className="tile__action tile__icon tile__hover tile__close" aria-label={`Close ${camera.name}`} title="Close tile (Delete)" onClick={act(() => wall.clear(index))}>
              <CloseIcon />
            </button>
          </div>
          {alarm && (
            <div className="tile__alarm-row">
              <button type="button" className="tile__alarm" data-testid="tile-alarm" title={`Open the alarm: ${alarm.label}`} onClick={act(() => openAlert(alarm.eventId))}>
                ALARM · {alarm.label}
              </button>
              {alarmSync.tileOf(alarm.eventId) === index && (
                <button type="button" className="tile__alarm tile__alarm-dismiss" data-testid="tile-alarm-dismiss" title="Give the tile back what it showed; the alert stays open" aria-label="Dismiss the alarm from this tile" onClick={act(() => alarmSync.dismiss(alarm.eventId))}>
                  ✕
                </button>
              )}
            </div>
          )}
          {picking && (
            <ArchivePicker
              initial={source.mode === 'live' ? undefined : (controller.current?.position() ?? (source.mode === 'replay' ? source.from : undefined))}
              onPick={(time) => {
                setPicking(false);
                wall.showArchive(index, time);
              }}
              onCancel={() => setPicking(false)}
            />
          )}
          {raising && <RaiseEventPicker camera={camera} onClose={() => setRaising(false)} />}
          {state === 'playing' && <Watermark controller={controller} source={source} paused={recorded && speed === 'paused'} />}
          {state !== 'playing' && (
            <div className={`tile__status${lastFrameAt !== undefined ? ' tile__status--frozen' : ''}`} role="status" title={detail}>
              <span className="tile__state">{TILE_STATE_LABEL[state]}</span>
              {words && (
                <span className="tile__reason" data-testid="tile-reason" data-detail={detail}>
                  {words}
                </span>
              )}
              {lastFrameAt !== undefined && <span className="tile__reason" data-testid="last-frame">Last frame {formatTime(lastFrameAt)}</span>}
            </div>
          )}
        </>
      ) : missing ? (
        <div className="tile__status" role="status" data-testid="tile-missing">
          <span className="tile__state">Camera not available</span>
          <span className="tile__reason">{missing}</span>
        </div>
      ) : (
        <div className="tile__empty">{dropping ? 'Drop to show it here' : 'Drag a camera here, or pick one from the list'}</div>
      )}
    </div>
  );
}

/** How often the watermark reads its player: the age it shows has a tenth of a second, read once a second is enough to see it move. */
const WATERMARK_EVERY_MS = 1000;

/**
 * The freshness of the picture, read once a second on the wall's shared tick (every tile's
 * watermark changes in the same render and the same paint): for live, how old the frame
 * on screen is (now minus its program date-time); for recorded video, its time. A picture
 * that has not changed for a while is flagged: the camera may have frozen.
 */
function Watermark({ controller, source, paused }: { readonly controller: RefObject<TileStreamController | undefined>; readonly source: TileSource; readonly paused: boolean }) {
  const [reading, setReading] = useState<{ position?: number; epoch?: number; age: number; unchanged: number }>({ age: 0, unchanged: 0 });
  useEffect(() => {
    const read = (): void => {
      const player = controller.current?.player;
      const position = player?.position();
      setReading({ position, epoch: player?.mediaEpoch(), age: position === undefined ? 0 : Date.now() - position, unchanged: player?.unchangedFor() ?? 0 });
    };
    read();
    return onTick(WATERMARK_EVERY_MS, read);
  }, [controller]);
  const { position, epoch, age, unchanged } = reading;
  if (position === undefined) return null;
  // A paused recording is meant to stand still: that is not a frozen camera.
  const frozen = !paused && unchanged >= 10_000;
  const level = frozen || age > 10_000 ? 'bad' : age > 4000 ? 'warn' : 'ok';
  return (
    <div className={`tile__watermark tile__watermark--${source.mode === 'live' ? level : 'recorded'}`} data-testid="tile-watermark" data-age-ms={Math.round(age)} data-position={Math.round(position)} data-media-epoch={epoch === undefined ? undefined : Math.round(epoch)}>
      {frozen ? `Picture unchanged ${Math.round(unchanged / 1000)} s · ` : ''}
      {source.mode === 'live' ? `${(age / 1000).toFixed(1)} s behind` : formatTime(position)}
    </div>
  );
}
