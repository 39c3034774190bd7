import { useEffect } from 'react';
import { useAlerts } from '../../stores/alerts';

/**
 * A two-tone chime every two seconds while an alarm that sounds is unacknowledged. Made
 * with Web Audio (no sound file to ship or load), stopped by acknowledgement.
 */
class AlarmSound {
  private context: AudioContext | undefined;
  private timer: number | undefined;

  start(): void {
    if (this.timer !== undefined) return;
    this.chime();
    this.timer = window.setInterval(() => this.chime(), 2000);
  }

  stop(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stop();
    void this.context?.close();
    this.context = undefined;
  }

  private chime(): void {
    this.context ??= new AudioContext();
    const context = this.context;
    if (context.state === 'suspended') void context.resume();
    [880, 660].forEach((frequency, index) => {
      const start = context.currentTime + index * 0.22;
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.2);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start);
      oscillator.stop(start + 0.21);
    });
    document.body.dataset['alarmSounding'] = 'true';
  }
}

/** Held by the one window that plays the chime: a wall of four monitors rings once, not four times. */
const SOUND_LOCK = 'tessera-alarm-sound';

/**
 * Sounds while any sounding alarm is open. Every window knows the same alarms; the first
 * to take the Web Lock plays them, and when it closes or crashes another takes over.
 */
export function useAlarmSound(): void {
  const sounding = useAlerts((state) => state.sounding.size > 0);
  useEffect(() => {
    if (!sounding) {
      delete document.body.dataset['alarmSounding'];
      return undefined;
    }
    const sound = new AlarmSound();
    const abort = new AbortController();
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Absent only outside a secure context; then every window rings rather than none.
    const locks = navigator.locks as LockManager | undefined;
    if (locks) {
      locks
        .request(SOUND_LOCK, { signal: abort.signal }, () => {
          sound.start();
          return held;
        })
        .catch(() => undefined);
    } else {
      sound.start();
    }
    return () => {
      abort.abort();
      release();
      sound.dispose();
      delete document.body.dataset['alarmSounding'];
    };
  }, [sounding]);
}

/** Stops the sound of the open alarms in every window; they keep flashing until acknowledged. */
export function SilenceButton({ onSilence }: { readonly onSilence: () => void }) {
  const sounding = useAlerts((state) => state.sounding.size);
  if (sounding === 0) return null;
  return (
    <button type="button" className="button button--alarm" data-testid="alarm-silence" onClick={onSilence} title="Stop the alarm sound in every window. The alarms stay open and keep flashing until acknowledged; a new alarm sounds again.">
      Silence alarm{sounding === 1 ? '' : `s (${sounding})`}
    </button>
  );
}
