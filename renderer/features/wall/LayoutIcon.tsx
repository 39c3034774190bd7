import type { Layout } from '../../../shared/model/layout';

/** A small drawing of a layout's cells, for menus. */
export function LayoutIcon({ layout, size = 28 }: { readonly layout: Layout; readonly size?: number }) {
  const unit = 1;
  return (
    <svg className="layout-icon" width={size} height={(size * layout.rows) / layout.columns} viewBox={`0 0 ${layout.columns} ${layout.rows}`} aria-hidden="true">
      {layout.cells.map((cell, index) => (
        <rect key={index} x={cell.x + 0.08} y={cell.y + 0.08} width={cell.w * unit - 0.16} height={cell.h * unit - 0.16} rx={0.12} />
      ))}
    </svg>
  );
}
