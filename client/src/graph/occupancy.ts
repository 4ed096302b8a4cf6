// The rectangles of the mounts of one namespace, hashed into square cells, so finding a free spot
// for a new mount looks at the mounts near that spot instead of every mount of the namespace.

/** A mount's rectangle: centre and size. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const CELL = 256;

/** Rectangles by the cells they overlap. */
export class Occupancy {
  private readonly cells = new Map<string, Rect[]>();

  /** Records a rectangle. */
  add(rect: Rect): void {
    this.forCells(rect.x - rect.w / 2, rect.y - rect.h / 2, rect.x + rect.w / 2, rect.y + rect.h / 2, key => {
      const list = this.cells.get(key);
      if (list) {
        list.push(rect);
      } else {
        this.cells.set(key, [rect]);
      }
    });
  }

  /** Whether any recorded rectangle comes closer than the gaps to a `w`×`h` box centred at (x, y). */
  collides(x: number, y: number, w: number, h: number, gapX: number, gapY: number): boolean {
    let hit = false;
    this.forCells(x - w / 2 - gapX, y - h / 2 - gapY, x + w / 2 + gapX, y + h / 2 + gapY, key => {
      if (hit) {
        return;
      }
      for (const o of this.cells.get(key) ?? []) {
        if (Math.abs(o.x - x) < (o.w + w) / 2 + gapX && Math.abs(o.y - y) < (o.h + h) / 2 + gapY) {
          hit = true;
          return;
        }
      }
    });
    return hit;
  }

  private forCells(x1: number, y1: number, x2: number, y2: number, action: (key: string) => void): void {
    for (let cx = Math.floor(x1 / CELL); cx <= Math.floor(x2 / CELL); cx++) {
      for (let cy = Math.floor(y1 / CELL); cy <= Math.floor(y2 / CELL); cy++) {
        action(`${cx},${cy}`);
      }
    }
  }
}
