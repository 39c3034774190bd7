import { useState } from 'react';
import type { Camera } from '../../../shared/model/camera';
import { SEVERITIES, type Severity } from '../../../shared/model/event';
import type { AlertRule } from '../../../shared/model/settings';
import { useClient } from '../../ipc/context';
import { useServers } from '../../stores/servers';
import { useSettings } from '../../stores/settings';
import { Modal } from '../../ui/Modal';

/**
 * The operator's settings: who they are (acknowledgements record it), which severities
 * need a comment, and the alert rules: which events are alerts, how severe, and which pop
 * their camera onto a tile, sound and flash until acknowledged.
 */
export function SettingsDialog({ onClose }: { readonly onClose: () => void }) {
  const client = useClient();
  const current = useSettings((state) => state.settings);
  const [operatorName, setOperatorName] = useState(current.operatorName);
  const [commentRequiredFor, setCommentRequiredFor] = useState<readonly Severity[]>(current.commentRequiredFor);
  const [rules, setRules] = useState<readonly AlertRule[]>(current.alertRules);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const servers = useServers((state) => state.servers);
  const cameras = useServers((state) => state.cameras);
  const vendors = useServers((state) => state.vendors);
  const serverName = (id: string): string => servers.find((server) => server.id === id)?.name ?? id;
  const camerasFor = (serverId: string | undefined): readonly Camera[] => (serverId === undefined ? servers.flatMap((server) => cameras[server.id] ?? []) : (cameras[serverId] ?? []));

  const change = (index: number, patch: Partial<AlertRule>): void => setRules((list) => list.map((rule, at) => (at === index ? { ...rule, ...patch } : rule)));
  const match = (index: number, patch: Partial<AlertRule['match']>): void =>
    setRules((list) => list.map((rule, at) => (at === index ? { ...rule, match: Object.fromEntries(Object.entries({ ...rule.match, ...patch }).filter(([, value]) => value)) } : rule)));
  const move = (index: number, by: number): void =>
    setRules((list) => {
      const next = [...list];
      const [rule] = next.splice(index, 1);
      if (rule) next.splice(Math.max(0, Math.min(next.length, index + by)), 0, rule);
      return next;
    });
  const save = async (): Promise<void> => {
    const result = await client.invoke('settings.update', { operatorName: operatorName.trim(), commentRequiredFor: [...commentRequiredFor], alertRules: [...rules] });
    if (result.ok) onClose();
    else setProblem(result.error.message);
  };

  return (
    <Modal label="Settings" testId="settings-dialog" className="dialog--wide" onClose={onClose}>
      <header className="dialog__head">Settings</header>
      <label className="picker__label">
        Operator name (recorded with every acknowledgement)
        <input className="picker__input" data-testid="operator-name" maxLength={80} value={operatorName} onChange={(event) => setOperatorName(event.target.value)} />
      </label>
      <fieldset className="settings__group">
        <legend>A comment is required to acknowledge</legend>
        {SEVERITIES.map((severity) => (
          <label key={severity} className="settings__check">
            <input
              type="checkbox"
              checked={commentRequiredFor.includes(severity)}
              onChange={() => setCommentRequiredFor((list) => (list.includes(severity) ? list.filter((item) => item !== severity) : [...list, severity]))}
            />
            {severity}
          </label>
        ))}
      </fieldset>
      <div className="settings__rules">
        <div className="settings__rules-head">
          <strong>Alert rules</strong>
          <span className="editor__hint">Tried in order; the first that matches decides. No match: an alert of normal severity.</span>
        </div>
        <table className="rules" data-testid="rules">
          <thead>
            <tr>
              <th>Name</th>
              <th>Server</th>
              <th>Camera</th>
              <th>Event type</th>
              <th>Words</th>
              <th>Alert</th>
              <th>Severity</th>
              <th>Where the alarm goes</th>
              <th>Sound</th>
              <th>Flash</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.map((rule, index) => (
              <tr key={rule.id} data-testid="rule">
                <td>
                  <input value={rule.name} aria-label="Rule name" onChange={(event) => change(index, { name: event.target.value })} />
                </td>
                <td>
                  <select value={rule.match.serverId ?? ''} aria-label="Server" data-testid="rule-server" onChange={(event) => match(index, { serverId: event.target.value, cameraId: '' })}>
                    <option value="">Any server</option>
                    {servers.map((server) => (
                      <option key={server.id} value={server.id}>
                        {server.name}
                      </option>
                    ))}
                    {rule.match.serverId !== undefined && !servers.some((server) => server.id === rule.match.serverId) && <option value={rule.match.serverId}>{rule.match.serverId} (not configured)</option>}
                  </select>
                </td>
                <td>
                  <select value={rule.match.cameraId ?? ''} aria-label="Camera" data-testid="rule-camera" onChange={(event) => match(index, { cameraId: event.target.value })}>
                    <option value="">Any camera</option>
                    {camerasFor(rule.match.serverId).map((camera) => (
                      <option key={`${camera.serverId}/${camera.cameraId}`} value={camera.cameraId}>
                        {rule.match.serverId === undefined ? `${camera.name} (${serverName(camera.serverId)})` : camera.name}
                      </option>
                    ))}
                    {rule.match.cameraId !== undefined && !camerasFor(rule.match.serverId).some((camera) => camera.cameraId === rule.match.cameraId) && <option value={rule.match.cameraId}>Camera {rule.match.cameraId}</option>}
                  </select>
                </td>
                <td>
                  <select value={rule.match.type ?? ''} aria-label="Event type" data-testid="rule-type" onChange={(event) => match(index, { type: event.target.value })}>
                    <option value="">Any event</option>
                    {vendors
                      .filter((vendor) => Object.keys(vendor.eventTypes).length > 0)
                      .map((vendor) => (
                        <optgroup key={vendor.kind} label={vendor.label}>
                          {Object.entries(vendor.eventTypes).map(([type, words]) => (
                            <option key={type} value={type}>
                              {words}
                            </option>
                          ))}
                        </optgroup>
                      ))}
                    {rule.match.type !== undefined && !vendors.some((vendor) => rule.match.type !== undefined && rule.match.type in vendor.eventTypes) && <option value={rule.match.type}>{rule.match.type}</option>}
                  </select>
                </td>
                <td>
                  <input value={rule.match.text ?? ''} aria-label="Words" onChange={(event) => match(index, { text: event.target.value })} />
                </td>
                <td>
                  <input type="checkbox" checked={rule.alert} aria-label="Is an alert" onChange={(event) => change(index, { alert: event.target.checked })} />
                </td>
                <td>
                  <select value={rule.severity} aria-label="Severity" data-testid="rule-severity" onChange={(event) => change(index, { severity: event.target.value as Severity })}>
                    {SEVERITIES.map((severity) => (
                      <option key={severity}>{severity}</option>
                    ))}
                  </select>
                </td>
                <td className="rules__pop">
                  <select
                    aria-label="Where the alarm goes"
                    data-testid="rule-place"
                    value={rule.alarmTile !== null ? 'tile' : rule.alarmStack ? 'stack' : 'none'}
                    onChange={(event) => {
                      const place = event.target.value;
                      change(index, { alarmStack: place !== 'none', alarmTile: place === 'tile' ? (rule.alarmTile ?? 0) : null });
                    }}
                  >
                    <option value="none">Only the list</option>
                    <option value="stack">Alarm stack</option>
                    <option value="tile">A tile set aside for alarms</option>
                  </select>
                  {rule.alarmTile !== null && (
                    <>
                      <span className="rules__on"> tile </span>
                      <input
                        className="rules__short"
                        type="number"
                        min={1}
                        aria-label="Tile number"
                        data-testid="rule-tile"
                        value={rule.alarmTile + 1}
                        onChange={(event) => change(index, { alarmTile: Math.max(0, Number(event.target.value) - 1) })}
                      />
                      <span className="rules__on"> on monitor </span>
                      <input
                        className="rules__short"
                        type="number"
                        min={1}
                        max={16}
                        aria-label="Monitor number"
                        title="The monitor whose tile the camera pops onto (1 is the first; ?monitor=N is monitor N+1)"
                        data-testid="rule-monitor"
                        value={rule.alarmMonitor + 1}
                        onChange={(event) => change(index, { alarmMonitor: Math.min(15, Math.max(0, Number(event.target.value) - 1)) })}
                      />
                      <label className="rules__on" title="Without this, a tile in archive review, in a playback group, behind a maximised tile or touched in the last seconds is left alone and the alarm goes to the stack">
                        <input type="checkbox" checked={rule.takeTileInUse} data-testid="rule-take" onChange={(event) => change(index, { takeTileInUse: event.target.checked })} /> even while in use
                      </label>
                    </>
                  )}
                </td>
                <td>
                  <input type="checkbox" checked={rule.sound} aria-label="Sound" data-testid="rule-sound" onChange={(event) => change(index, { sound: event.target.checked })} />
                </td>
                <td>
                  <input type="checkbox" checked={rule.flash} aria-label="Flash" onChange={(event) => change(index, { flash: event.target.checked })} />
                </td>
                <td className="rules__actions">
                  <button type="button" className="button" aria-label="Move up" onClick={() => move(index, -1)}>
                    ↑
                  </button>
                  <button type="button" className="button" aria-label="Delete rule" onClick={() => setRules((list) => list.filter((_, at) => at !== index))}>
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          className="button"
          data-testid="rule-add"
          onClick={() => setRules((list) => [...list, { id: `rule-${Date.now().toString(36)}`, name: 'New rule', match: {}, alert: true, severity: 'normal', alarmTile: null, alarmMonitor: 0, alarmStack: false, takeTileInUse: false, sound: false, flash: false }])}
        >
          Add rule
        </button>
      </div>
      {problem && <p className="picker__problem" role="alert">{problem}</p>}
      <footer className="dialog__foot">
        <span className="picker__spacer" />
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button--primary" data-testid="settings-save" onClick={() => void save()}>
          Save
        </button>
      </footer>
    </Modal>
  );
}
