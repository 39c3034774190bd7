import { z } from 'zod';

/** A cell of a layout, in grid units from the top left. */
export const LayoutCell = z.object({
  x: z.number().int().min(0),
  y: z.number().int().min(0),
  w: z.number().int().min(1),
  h: z.number().int().min(1),
});
export type LayoutCell = z.infer<typeof LayoutCell>;

/**
 * A wall layout: a grid and the cells placed on it, in reading order (row by row, left to
 * right). Cells cover the grid exactly, with no overlap, so merging and splitting keep it whole.
 */
export const Layout = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(64),
    columns: z.number().int().min(1).max(12),
    rows: z.number().int().min(1).max(12),
    cells: z.array(LayoutCell).min(1).max(144),
  })
  .superRefine((layout, ctx) => {
    const problem = layoutProblem(layout);
    if (problem) ctx.addIssue({ code: 'custom', path: ['cells'], message: problem });
  });
export type Layout = z.infer<typeof Layout>;

export type Direction = 'left' | 'right' | 'up' | 'down';

/** Why the cells do not tile the grid exactly, or undefined when they do. */
export function layoutProblem(layout: Pick<Layout, 'columns' | 'rows' | 'cells'>): string | undefined {
  const covered = new Set<number>();
  for (const [index, cell] of layout.cells.entries()) {
    if (cell.x + cell.w > layout.columns || cell.y + cell.h > layout.rows) return `cell ${index} goes past the grid`;
    for (let y = cell.y; y < cell.y + cell.h; y++) {
      for (let x = cell.x; x < cell.x + cell.w; x++) {
        const at = y * layout.columns + x;
        if (covered.has(at)) return `cell ${index} overlaps another`;
        covered.add(at);
      }
    }
  }
  return covered.size === layout.columns * layout.rows ? undefined : 'the cells leave part of the grid empty';
}

/** Cells in reading order: the order cameras fill them. */
export function sortCells(cells: readonly LayoutCell[]): LayoutCell[] {
  return [...cells].sort((a, b) => a.y - b.y || a.x - b.x);
}

export function gridLayout(columns: number, rows: number): Layout {
  const cells: LayoutCell[] = [];
  for (let y = 0; y < rows; y++) for (let x = 0; x < columns; x++) cells.push({ x, y, w: 1, h: 1 });
  return { id: `${columns}x${rows}`, name: columns === rows ? `${columns}×${rows}` : `${columns}×${rows}`, columns, rows, cells };
}

/** One large cell of `big` × `big` in the top left of a `size` grid, small cells around it. */
function bigPlusSmall(id: string, name: string, size: number, big: number, at = { x: 0, y: 0 }): Layout {
  const cells: LayoutCell[] = [{ x: at.x, y: at.y, w: big, h: big }];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = x >= at.x && x < at.x + big && y >= at.y && y < at.y + big;
      if (!inside) cells.push({ x, y, w: 1, h: 1 });
    }
  }
  return { id, name, columns: size, rows: size, cells: sortCells(cells) };
}

/** Two large cells side by side on top, eight small ones in two rows below. */
function twoPlusEight(): Layout {
  const cells: LayoutCell[] = [
    { x: 0, y: 0, w: 2, h: 2 },
    { x: 2, y: 0, w: 2, h: 2 },
  ];
  for (let y = 2; y < 4; y++) for (let x = 0; x < 4; x++) cells.push({ x, y, w: 1, h: 1 });
  return { id: '2+8', name: '2+8', columns: 4, rows: 4, cells };
}

/** The layouts every wall offers, in the order of the 1–9 keys (then the rest). */
export const PRESET_LAYOUTS: readonly Layout[] = [
  gridLayout(1, 1),
  gridLayout(2, 2),
  gridLayout(3, 3),
  gridLayout(4, 4),
  gridLayout(5, 5),
  gridLayout(6, 6),
  bigPlusSmall('1+7', '1+7', 4, 3),
  gridLayout(8, 8),
  bigPlusSmall('1+12', '1+12', 4, 2, { x: 1, y: 1 }),
  bigPlusSmall('1+5', '1+5', 3, 2),
  twoPlusEight(),
  { ...gridLayout(3, 2), name: '3×2' },
  { ...gridLayout(2, 3), name: '2×3 (portrait)' },
];

export function presetLayout(id: string): Layout | undefined {
  return PRESET_LAYOUTS.find((layout) => layout.id === id);
}

/**
 * Merges the chosen cells into one. They must fill their bounding rectangle exactly;
 * otherwise the layout is returned unchanged with the reason.
 */
export function mergeCells(layout: Layout, indices: readonly number[]): { layout: Layout; problem?: string } {
  const chosen = indices.map((index) => layout.cells[index]).filter((cell): cell is LayoutCell => cell !== undefined);
  if (chosen.length < 2) return { layout, problem: 'Choose at least two cells to merge' };
  const x = Math.min(...chosen.map((cell) => cell.x));
  const y = Math.min(...chosen.map((cell) => cell.y));
  const w = Math.max(...chosen.map((cell) => cell.x + cell.w)) - x;
  const h = Math.max(...chosen.map((cell) => cell.y + cell.h)) - y;
  const area = chosen.reduce((sum, cell) => sum + cell.w * cell.h, 0);
  const insideOthers = layout.cells.some((cell, index) => !indices.includes(index) && cell.x < x + w && cell.x + cell.w > x && cell.y < y + h && cell.y + cell.h > y);
  if (area !== w * h || insideOthers) return { layout, problem: 'The chosen cells must form a rectangle' };
  const cells = sortCells([...layout.cells.filter((_, index) => !indices.includes(index)), { x, y, w, h }]);
  return { layout: { ...layout, id: customId(), name: `${layout.name} (edited)`, cells } };
}

/** Splits a merged cell back into cells of one grid unit. */
export function splitCell(layout: Layout, index: number): Layout {
  const cell = layout.cells[index];
  if (!cell || (cell.w === 1 && cell.h === 1)) return layout;
  const pieces: LayoutCell[] = [];
  for (let y = cell.y; y < cell.y + cell.h; y++) for (let x = cell.x; x < cell.x + cell.w; x++) pieces.push({ x, y, w: 1, h: 1 });
  const cells = sortCells([...layout.cells.filter((_, at) => at !== index), ...pieces]);
  return { ...layout, id: customId(), name: `${layout.name} (edited)`, cells };
}

/**
 * The cell next to `index` in a direction, for arrow keys on uneven layouts: among the
 * cells that lie that way and overlap it across, the nearest; failing that, the nearest
 * whose centre lies that way. The same cell when there is none.
 */
export function neighbour(layout: Layout, index: number, direction: Direction): number {
  const from = layout.cells[index];
  if (!from) return index;
  const centre = (cell: LayoutCell): [number, number] => [cell.x + cell.w / 2, cell.y + cell.h / 2];
  const [fx, fy] = centre(from);
  const ahead = (cell: LayoutCell): boolean => {
    switch (direction) {
      case 'left':
        return cell.x + cell.w <= from.x;
      case 'right':
        return cell.x >= from.x + from.w;
      case 'up':
        return cell.y + cell.h <= from.y;
      case 'down':
        return cell.y >= from.y + from.h;
    }
  };
  const across = (cell: LayoutCell): boolean =>
    direction === 'left' || direction === 'right' ? cell.y < from.y + from.h && cell.y + cell.h > from.y : cell.x < from.x + from.w && cell.x + cell.w > from.x;
  const candidates = layout.cells.map((cell, at) => ({ cell, at })).filter(({ cell, at }) => at !== index && ahead(cell));
  const aligned = candidates.filter(({ cell }) => across(cell));
  const pool = aligned.length > 0 ? aligned : candidates;
  let best = index;
  let bestDistance = Infinity;
  for (const { cell, at } of pool) {
    const [cx, cy] = centre(cell);
    const distance = Math.hypot(cx - fx, cy - fy);
    if (distance < bestDistance) {
      best = at;
      bestDistance = distance;
    }
  }
  return best;
}

function customId(): string {
  return `custom-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}
