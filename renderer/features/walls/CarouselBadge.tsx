import { cyclerLabel, type CyclerStatus } from './carousel';
import { useWallsUi } from './walls-ui';

/** "⟳ 3/5" on something that cycles; "❚❚ 3/5" while the operator holds it. */
export function CycleIndicator({ status, kind }: { readonly status: CyclerStatus; readonly kind: 'tile' | 'monitor' }) {
  return (
    <span
      className={`cycle-indicator cycle-indicator--${kind}${status.paused ? ' cycle-indicator--paused' : ''}`}
      data-testid="carousel-indicator"
      data-kind={kind}
      data-paused={status.paused ? 'true' : 'false'}
      data-position={status.position}
      title={status.paused ? 'Carousel held while you work here; it resumes by itself' : 'Carousel: cycling'}
    >
      {cyclerLabel(status)}
    </span>
  );
}

/** The indicator of a tile's carousel, if the tile has one. */
export function CarouselBadge({ index }: { readonly index: number }) {
  const status = useWallsUi((state) => state.tileCycles[index]);
  return status ? <CycleIndicator status={status} kind="tile" /> : null;
}

/** The indicator of this monitor's cycle through walls, if it cycles. */
export function MonitorCycleBadge() {
  const status = useWallsUi((state) => state.monitorCycle);
  return status ? <CycleIndicator status={status} kind="monitor" /> : null;
}
