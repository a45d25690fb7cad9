// How many crate icons a pile of cases is drawn with. Pure.

/** Cases per icon: 1, 2, 5, 10, 20, 50, … — the smallest that fits `count` in `capacity` icons. */
export function caseUnit(count: number, capacity: number): number {
  const n = Math.max(0, Math.ceil(count));
  if (n <= capacity) return 1;
  for (let magnitude = 1; ; magnitude *= 10) {
    for (const step of [1, 2, 5]) {
      const unit = step * magnitude;
      if (Math.ceil(n / unit) <= capacity) return unit;
    }
  }
}

export interface Pile {
  /** Cases one icon stands for. */
  unit: number;
  /** Icons to draw; the last may stand for fewer than `unit` cases. */
  icons: number;
}

export function pile(count: number, capacity: number): Pile {
  const unit = caseUnit(count, capacity);
  return { unit, icons: Math.ceil(Math.max(0, count) / unit) };
}

/** Grid cells (column, row from the bottom) for `icons` icons, `columns` per row. */
export function gridCells(icons: number, columns: number): { col: number; row: number }[] {
  const cells: { col: number; row: number }[] = [];
  for (let i = 0; i < icons; i++) cells.push({ col: i % columns, row: Math.floor(i / columns) });
  return cells;
}

/** One unit for several piles, so a crate means the same number of cases everywhere on a board. */
export function sharedUnit(piles: readonly { count: number; capacity: number }[]): number {
  return Math.max(1, ...piles.map((p) => caseUnit(p.count, p.capacity)));
}

export function pileOf(count: number, unit: number): Pile {
  return { unit, icons: Math.ceil(Math.max(0, count) / unit) };
}
