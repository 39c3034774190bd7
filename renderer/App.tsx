import { useEffect, useRef, useMemo, useState } from 'react';
import { AlarmStack } from './features/alerts/AlarmStack';
import { AlertDrawer } from './features/alerts/AlertDrawer';
import { AlertPanel } from './features/alerts/AlertPanel';
import { AlertsContext } from './features/alerts/alerts-context';
import { SilenceButton, useAlarmSound } from './features/alerts/alarm-sound';
import { announceMonitor, monitorsOnScreen, popsHere } from './features/alerts/monitor-presence';
import { CameraTree } from './features/cameras/CameraTree';
import { Notices } from './features/playback/Notices';
import { PlaybackBar } from './features/playback/PlaybackBar';
import { usePlaybackSync } from './features/playback/use-playback-sync';
import { WallTimeline } from './features/playback/WallTimeline';
import { ServersDialog } from './features/servers/ServersDialog';
import { SensorsButton } from './features/sensors/SensorsButton';
import { SensorsDialog } from './features/sensors/SensorsDialog';
import { SettingsDialog } from './features/settings/SettingsDialog';
import { SitePanel } from './features/site/SitePanel';
import { SiteHost } from './features/site/SiteHost';
import { useSite } from './features/site/site-store';
import { AlertTicker } from './features/wall/AlertTicker';
import { Wall } from './features/wall/Wall';
import { WallToolbar } from './features/wall/WallToolbar';
import { AppProblems } from './features/walls/AppProblems';
import { MonitorBadge } from './features/walls/MonitorBadge';
import { WallsHost } from './features/walls/WallsHost';
import { useWallsUi } from './features/walls/walls-ui';
import { useClient } from './ipc/context';
import { AlertsSync, useAlerts } from './stores/alerts';
import { sendAlertPictures } from './features/alerts/alert-pictures';
import { syncExports } from './stores/exports';
import { useConnection } from './stores/connection';
import { loadPanels, usePanels } from './stores/panels';
import { allCameras, openServersDialog, syncServers, useServers } from './stores/servers';
import { syncSensors } from './stores/sensors';
import { syncSettings, useSettings } from './stores/settings';
import { useWall } from './stores/wall';

export function App() {
  const client = useClient();
  const connectionLost = useConnection((state) => state.lost);
  const loaded = useServers((state) => state.loaded);
  const servers = useServers((state) => state.servers);
  const cameraCount = useServers((state) => allCameras(state).length);
  const openCount = useAlerts((state) => state.counts.open);
  const critical = useAlerts((state) => state.counts.bySeverity.critical + state.counts.bySeverity.high);
  const operator = useSettings((state) => state.settings.operatorName);
  const settingsProblem = useSettings((state) => state.loaded && state.settings.operatorName === '');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const siteOpen = useSite((state) => state.open);
  const alerts = useMemo(() => new AlertsSync(client, async (wanted) => popsHere(useWallsUi.getState().monitor, wanted, await monitorsOnScreen())), [client]);

  useEffect(() => syncServers(client), [client]);
  useEffect(() => syncSensors(client), [client]);
  useEffect(() => syncSettings(client), [client]);
  useEffect(() => syncExports(client), [client]);
  usePlaybackSync();
  const monitor = useWallsUi((state) => state.monitor);
  useEffect(() => announceMonitor(monitor), [monitor]);
  useEffect(() => loadPanels(monitor), [monitor]);
  const panels = usePanels();
  const wallOnly = panels.wallOnly;
  useEffect(() => alerts.start(), [alerts]);
  useEffect(() => sendAlertPictures(client), [client]);
  useAlarmSound();
  const silence = (): void => {
    void client.invoke('alerts.silence', {}).then((result) => {
      // The core unreachable: at least this window goes quiet (the others follow when it is back).
      if (!result.ok) useAlerts.setState({ sounding: new Set() });
    });
  };

  // At first start the wall fills itself with the first cameras, in list order; never over a restored wall.
  // A wall saved on other servers (the demo's, another site's) that names no camera of any
  // server configured now is replaced by that fill too, once, at start.
  // Servers come online one by one (a slow sign-in takes seconds): the cameras of those
  // that come later fill the tiles still empty, as long as the operator has not changed
  // the wall since it filled itself (`startFilled` is the tiles as the fill left them).
  const wallRestored = useWallsUi((state) => state.restored);
  const startChecked = useRef(false);
  const startFilled = useRef<ReturnType<typeof useWall.getState>['tiles'] | undefined>(undefined);
  useEffect(() => {
    if (cameraCount === 0 || !wallRestored) return;
    const wall = useWall.getState();
    const servers = useServers.getState();
    if (startChecked.current) {
      if (startFilled.current === undefined) return;
      if (wall.tiles !== startFilled.current) startFilled.current = undefined;
      else {
        wall.fill(allCameras(servers));
        startFilled.current = useWall.getState().tiles;
      }
      return;
    }
    startChecked.current = true;
    const configured = new Set(servers.servers.map((server) => server.id));
    const shown = wall.tiles.filter((tile) => tile !== null);
    if (shown.length > 0 && shown.every((tile) => !configured.has(tile.serverId))) wall.refillForServers(configured, allCameras(servers));
    else if (!wall.autoFilled) {
      wall.fill(allCameras(servers));
      startFilled.current = useWall.getState().tiles;
    }
  }, [cameraCount, wallRestored]);

  useEffect(() => {
    document.body.dataset['appState'] = loaded ? 'ready' : 'loading';
  }, [loaded]);

  const offline = servers.filter((server) => server.state === 'offline').length;
  return (
    <AlertsContext.Provider value={alerts}>
      <div className="app">
        {!wallOnly && (
        <header className="topbar">
          <span className="topbar__brand">Tessera</span>
          <MonitorBadge />
          <span className="topbar__summary">
            {servers.length} server{servers.length === 1 ? '' : 's'} · {cameraCount} camera{cameraCount === 1 ? '' : 's'}
            {offline > 0 && <span className="topbar__alarm"> · {offline} offline</span>}
          </span>
          {connectionLost && (
            <span className="topbar__alarm" role="alert">
              Connection to the Tessera core lost, reconnecting…
            </span>
          )}
          <span className="topbar__spacer" />
          <span className={`open-count${openCount > 0 ? ' open-count--on' : ''}${critical > 0 ? ' open-count--severe' : ''}`} data-testid="open-count" title="Unacknowledged alerts">
            {openCount} unacknowledged
          </span>
          <SilenceButton onSilence={silence} />
          <button type="button" className="button" data-testid="servers-open" onClick={() => openServersDialog()} title="Add, edit, test and remove VMS servers">
            Servers
          </button>
          <SensorsButton />
          <button type="button" className={`button topbar__operator${settingsProblem ? ' topbar__operator--missing' : ''}`} data-testid="operator" onClick={() => setSettingsOpen(true)} title="Settings: operator and alert rules">
            {operator ? `Operator: ${operator}` : 'Set operator name'}
          </button>
        </header>
        )}
        <AppProblems />
        <WallsHost />
        <div className={`workspace${wallOnly ? ' workspace--wall-only' : ''}`} data-testid="workspace" data-wall-only={wallOnly ? 'true' : undefined}>
          {panels.tree && !wallOnly && <CameraTree />}
          <main className="stage">
            {!wallOnly && <WallToolbar />}
            <AlarmStack />
            <div className="stage__scroll">
              <Wall />
            </div>
            <PlaybackBar />
            {!wallOnly && <WallTimeline />}
            {wallOnly && (
              <AlertTicker>
                <SilenceButton onSilence={silence} />
              </AlertTicker>
            )}
            <AlertDrawer />
            <Notices />
            <SiteHost />
          </main>
          {panels.alerts && !wallOnly && <AlertPanel />}
          {siteOpen && !wallOnly && <SitePanel />}
        </div>
        {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
        <ServersDialog />
        <SensorsDialog />
      </div>
    </AlertsContext.Provider>
  );
}
