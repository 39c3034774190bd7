import type { Severity } from '../../../shared/model/event';
import type { AlertRule } from '../../../shared/model/settings';

export interface RuleOutcome {
  readonly alert: boolean;
  readonly severity: Severity;
  readonly alarmTile: number | null;
  readonly alarmMonitor: number;
  readonly alarmStack: boolean;
  readonly takeTileInUse: boolean;
  readonly sound: boolean;
  readonly flash: boolean;
}

export interface RuleSubject {
  readonly serverId: string;
  /** The server's vendor (`ivms`, `vxg`, ...). */
  readonly vendor: string | undefined;
  readonly cameraId: string | undefined;
  readonly type: string;
  readonly label: string;
}

/** Every event is an alert of normal severity until a rule says otherwise. */
export const DEFAULT_OUTCOME: RuleOutcome = { alert: true, severity: 'normal', alarmTile: null, alarmMonitor: 0, alarmStack: false, takeTileInUse: false, sound: false, flash: false };

/** The first rule whose every condition matches decides; none matching gives the default. */
export function evaluateRules(rules: readonly AlertRule[], event: RuleSubject): RuleOutcome {
  const rule = rules.find(({ match }) => {
    if (match.serverId !== undefined && match.serverId !== event.serverId) return false;
    if (match.vendor !== undefined && match.vendor !== event.vendor) return false;
    if (match.cameraId !== undefined && match.cameraId !== event.cameraId) return false;
    if (match.type !== undefined && match.type !== event.type) return false;
    if (match.text !== undefined && !event.label.toLowerCase().includes(match.text.toLowerCase())) return false;
    return true;
  });
  if (!rule) return DEFAULT_OUTCOME;
  return { alert: rule.alert, severity: rule.severity, alarmTile: rule.alert ? rule.alarmTile : null, alarmMonitor: rule.alarmMonitor, alarmStack: rule.alert && rule.alarmStack, takeTileInUse: rule.takeTileInUse, sound: rule.alert && rule.sound, flash: rule.alert && rule.flash };
}

/** The vendor an event type names (`ivms:201` → `ivms`). */
export function vendorOfType(type: string): string | undefined {
  const colon = type.indexOf(':');
  return colon > 0 ? type.slice(0, colon) : undefined;
}
