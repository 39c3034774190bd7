import { useState } from 'react';
import { SEVERITIES, type Severity } from '../../../shared/model/event';
import type { AlertRule } from '../../../shared/model/settings';
import { useClient } from '../../ipc/context';
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
              <th>Type code</th>
              <th>Words</th>
              <th>Camera</th>
              <th>Alert</th>
              <th>Severity</th>
              <th>Pop to tile, on monitor</th>
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
                  <input className="rules__short" value={rule.match.type ?? ''} aria-label="Type code" data-testid="rule-type" onChange={(event) => match(index, { type: event.target.value })} />
                </td>
                <td>
                  <input value={rule.match.text ?? ''} aria-label="Words" onChange={(event) => match(index, { text: event.target.value })} />
                </td>
                <td>
                  <input className="rules__short" value={rule.match.cameraId ?? ''} aria-label="Camera id" onChange={(event) => match(index, { cameraId: event.target.value })} />
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
                  <input
                    className="rules__short"
                    type="number"
                    min={1}
                    placeholder="—"
                    aria-label="Tile number"
                    data-testid="rule-tile"
                    value={rule.alarmTile === null ? '' : rule.alarmTile + 1}
                    onChange={(event) => change(index, { alarmTile: event.target.value === '' ? null : Math.max(0, Number(event.target.value) - 1) })}
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
                    disabled={rule.alarmTile === null}
                    value={rule.alarmMonitor + 1}
                    onChange={(event) => change(index, { alarmMonitor: Math.min(15, Math.max(0, Number(event.target.value) - 1)) })}
                  />
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
          onClick={() => setRules((list) => [...list, { id: `rule-${Date.now().toString(36)}`, name: 'New rule', match: {}, alert: true, severity: 'normal', alarmTile: null, alarmMonitor: 0, sound: false, flash: false }])}
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
