import { openSensorsDialog, sensorTrouble, useSensors } from '../../stores/sensors';

/** The top bar's way to the Sensors dialog; it says when a sensor is down or a delivery failed. */
export function SensorsButton() {
  const state = useSensors((current) => current.state);
  const { down, failed } = sensorTrouble(state);
  const trouble = down > 0 || failed > 0;
  const title = trouble ? `${down} sensor${down === 1 ? '' : 's'} not connected, ${failed} deliver${failed === 1 ? 'y' : 'ies'} failed` : 'Sensors: their health and what was delivered to each VMS';
  return (
    <button type="button" className={`button${trouble ? ' topbar__operator--missing' : ''}`} data-testid="sensors-open" data-trouble={trouble} onClick={openSensorsDialog} title={title}>
      Sensors{state.sensors.length > 0 ? ` (${state.sensors.length})` : ''}
    </button>
  );
}
