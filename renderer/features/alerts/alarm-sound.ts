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

/** Sounds while any sounding alarm is open. */
export function useAlarmSound(): void {
  const sounding = useAlerts((state) => state.sounding.size > 0);
  useEffect(() => {
    const sound = new AlarmSound();
    if (sounding) sound.start();
    else delete document.body.dataset['alarmSounding'];
    return () => sound.dispose();
  }, [sounding]);
}
