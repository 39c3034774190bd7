import { useLayoutEffect, useRef } from 'react';
import { TimelineController } from './timeline-controller';
import { timelineLayout } from './timeline-layout';
import type { TimelineProps } from './timeline-props';
import './timeline.css';

/**
 * The timeline under the wall, drawn on canvas. React renders the box once; the
 * controller draws and handles the pointer, so a drag or a scrub never re-renders React.
 * Props are handed to the controller after every render, and it redraws what changed.
 *
 * Test hooks on the box: `data-testid="timeline"`, `data-view-from`, `data-view-to`,
 * `data-width`, `data-markers` (count in view), `data-marker-y` (the marker band's middle);
 * the playhead as a slider's `aria-valuenow` / `aria-valuetext`. Use `timeToX` for where
 * a time is, relative to the box's left edge.
 */
export function Timeline(props: TimelineProps): React.JSX.Element {
  const container = useRef<HTMLDivElement>(null);
  const base = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const tooltip = useRef<HTMLDivElement>(null);
  const controller = useRef<TimelineController | null>(null);

  useLayoutEffect(() => {
    if (!container.current || !base.current || !overlay.current || !tooltip.current) return;
    const created = new TimelineController({ container: container.current, base: base.current, overlay: overlay.current, tooltip: tooltip.current });
    controller.current = created;
    return () => {
      created.dispose();
      controller.current = null;
    };
  }, []);

  // Every render: the controller compares and redraws only what changed, in the next frame.
  useLayoutEffect(() => {
    controller.current?.update(props);
  });

  return (
    <div ref={container} className="timeline" data-testid="timeline" role="slider" tabIndex={0} aria-label="Timeline: playback position" aria-roledescription="timeline" style={{ height: timelineLayout(props.rows.length).height }}>
      <canvas ref={base} className="timeline__canvas" aria-hidden="true" />
      <canvas ref={overlay} className="timeline__canvas" aria-hidden="true" />
      <div ref={tooltip} className="timeline__tooltip" role="tooltip" hidden />
    </div>
  );
}
