import { describe, expect, it } from 'vitest';
import { gridLayout, Layout, layoutProblem, mergeCells, neighbour, PRESET_LAYOUTS, presetLayout, splitCell } from '../../../shared/model/layout';

const must = (id: string): Layout => {
  const layout = presetLayout(id);
  if (!layout) throw new Error(`no preset ${id}`);
  return layout;
};

describe('layouts', () => {
  it('offers every layout an operator expects, each tiling its grid exactly', () => {
    expect(PRESET_LAYOUTS.map((layout) => [layout.id, layout.cells.length])).toEqual([
      ['1x1', 1],
      ['2x2', 4],
      ['3x3', 9],
      ['4x4', 16],
      ['5x5', 25],
      ['6x6', 36],
      ['1+7', 8],
      ['8x8', 64],
      ['1+12', 13],
      ['1+5', 6],
      ['2+8', 10],
      ['3x2', 6],
      ['2x3', 6],
    ]);
    for (const layout of PRESET_LAYOUTS) expect(Layout.safeParse(layout).success, layout.id).toBe(true);
  });

  it('puts the big cell first in reading order', () => {
    expect(must('1+7').cells[0]).toEqual({ x: 0, y: 0, w: 3, h: 3 });
    expect(must('1+12').cells.find((cell) => cell.w === 2)).toEqual({ x: 1, y: 1, w: 2, h: 2 });
    expect(must('2x3')).toMatchObject({ columns: 2, rows: 3 });
  });

  it('finds holes and overlaps', () => {
    expect(layoutProblem({ columns: 2, rows: 1, cells: [{ x: 0, y: 0, w: 1, h: 1 }] })).toMatch(/empty/);
    expect(layoutProblem({ columns: 2, rows: 1, cells: [{ x: 0, y: 0, w: 2, h: 1 }, { x: 1, y: 0, w: 1, h: 1 }] })).toMatch(/overlaps/);
    expect(layoutProblem({ columns: 2, rows: 1, cells: [{ x: 1, y: 0, w: 2, h: 1 }] })).toMatch(/past the grid/);
  });

  it('merges a rectangle of cells into one, and splits it back', () => {
    const grid = gridLayout(3, 3);
    const merged = mergeCells(grid, [0, 1, 3, 4]);
    expect(merged.problem).toBeUndefined();
    expect(merged.layout.cells).toHaveLength(6);
    expect(merged.layout.cells[0]).toEqual({ x: 0, y: 0, w: 2, h: 2 });
    expect(layoutProblem(merged.layout)).toBeUndefined();
    const split = splitCell(merged.layout, 0);
    expect(split.cells).toEqual(grid.cells);
  });

  it('refuses to merge cells that are not a rectangle', () => {
    const result = mergeCells(gridLayout(3, 3), [0, 1, 4]);
    expect(result.problem).toBe('The chosen cells must form a rectangle');
    expect(result.layout.cells).toHaveLength(9);
  });

  it('moves the selection by geometry, also across uneven cells', () => {
    const grid = gridLayout(2, 2);
    expect(neighbour(grid, 0, 'right')).toBe(1);
    expect(neighbour(grid, 0, 'down')).toBe(2);
    expect(neighbour(grid, 0, 'left')).toBe(0);
    const big = must('1+7'); // big 3x3 at 0; small cells 1-3 down the right, 4-7 along the bottom
    expect(neighbour(big, 0, 'right')).toBe(2); // the one beside its middle
    expect(neighbour(big, 0, 'down')).toBe(5);
    expect(neighbour(big, 1, 'left')).toBe(0);
    const lastSmall = big.cells.length - 1;
    expect(neighbour(big, lastSmall, 'up')).toBe(3);
  });
});
