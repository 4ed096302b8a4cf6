// The layout of a large namespace. Dagre draws small trees best, but its cost grows faster than
// the mount count and explodes with wide ranks (a Kubernetes node has thousands of mounts side by
// side under /var/lib/kubelet): minutes for 5,000 mounts. Above a threshold the tree is drawn by
// d3-hierarchy's tidy tree (Reingold-Tilford, linear in the tree: each parent centred over its
// children, subtrees packed as close as their widest mounts allow), and a parent's wide fan of
// leaf mounts is wrapped into a block of rows right under it, so the picture stays a picture.
//
// The layout works on plain records, before the mounts are added to the graph: each is then
// added in its place. Run on drawn nodes, a layout asks every node for its style and bounding
// box, then moves it, which throws both away again: at 5,000 mounts that was more than a second
// of the first render.
import { type HierarchyPointNode, hierarchy, tree } from 'd3-hierarchy';

/** Namespaces with more mounts than this are laid out as a tidy tree instead of by dagre. */
export const LARGE_NAMESPACE = 250;

/** A parent with more leaf children than this has them wrapped into a block. */
export const WIDE_FAN = 48;

/** A mount as the layout sees it: its node ID, its parent's node ID, its size and its place in mountinfo. */
export interface TreeMount {
  readonly id: string;
  readonly parent: string | null;
  readonly w: number;
  readonly h: number;
  /** Siblings go left to right in this order (the mount ID: mountinfo's order). */
  readonly order: number;
}

/** Gaps of the picture: between ranks, between siblings (and between the cells of a wrapped block). */
export interface LargeTreeGaps {
  readonly rank: number;
  readonly sibling: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Where each mount goes; the picture's top-left corner is at (0, 0). */
export interface TreePlan {
  readonly positions: ReadonlyMap<string, Point>;
  /**
   * Leaves wrapped into blocks, by their parent's ID: a block reads as its parent's without a
   * line to each leaf, so only `anchors` (the middle of each block's first row) get one.
   */
  readonly wrapped: ReadonlyMap<string, string>;
  readonly anchors: ReadonlySet<string>;
  /** The box around every mount (their sizes included). */
  readonly box: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
}

/**
 * A box of the tidy tree: a mount, a wrapped fan of leaves, the invisible root above the roots,
 * or a spacer: a block hangs down over several rows, and a chain of spacers as wide as the block
 * below it keeps those rows of the neighbouring subtrees out from under it.
 */
interface Slot {
  readonly w: number;
  readonly h: number;
  readonly order: number;
  readonly mount?: TreeMount;
  readonly block?: Block;
  readonly children: Slot[];
}

/** A wide fan of leaves in rows under its parent: `cols` cells of `cellW` x `cellH` (gaps included). */
interface Block {
  readonly leaves: readonly TreeMount[];
  readonly cols: number;
  readonly cellW: number;
  readonly cellH: number;
}

/**
 * Lays out the mounts of one namespace top-down as a tidy tree: siblings in mountinfo order, a
 * gap apart, each row as high as its tallest mount (or wrapped block), tops aligned; a wide fan of
 * leaves becomes a block about twice as wide as high in its parent's next row. Null for a namespace
 * dagre should draw: at most LARGE_NAMESPACE mounts and no fan wider than WIDE_FAN.
 */
export function planLargeTree(mounts: readonly TreeMount[], gaps: LargeTreeGaps): TreePlan | null {
  const { byId, leafChildren } = shapeOf(mounts);
  // Few mounts and no wide fan: dagre draws them best, and fast enough.
  if (mounts.length <= LARGE_NAMESPACE && ![...leafChildren.values()].some(leaves => leaves.length > WIDE_FAN)) {
    return null;
  }
  // Every row is as high as a mount (all have three label lines); a block spans several.
  const rowHeight = mounts.reduce((h, m) => Math.max(h, m.h), 0);
  const slots = new Map<string, Slot>();
  for (const mount of mounts) {
    slots.set(mount.id, { w: mount.w, h: mount.h, order: mount.order, mount, children: [] });
  }
  // Wide fans first: their leaves go into a block instead of a slot of their own.
  const wrapped = new Map<string, string>();
  const anchors = new Set<string>();
  for (const [parentId, leaves] of leafChildren) {
    if (leaves.length <= WIDE_FAN) {
      continue;
    }
    const sorted = [...leaves].sort((a, b) => a.order - b.order);
    let cellW = 0;
    let cellH = 0;
    for (const leaf of sorted) {
      cellW = Math.max(cellW, leaf.w);
      cellH = Math.max(cellH, leaf.h);
      wrapped.set(leaf.id, parentId);
    }
    cellW += gaps.sibling;
    cellH += gaps.sibling;
    // About twice as wide as high: the shape of a screen.
    const cols = Math.max(1, Math.ceil(Math.sqrt((sorted.length * 2 * cellH) / cellW)));
    const rows = Math.ceil(sorted.length / cols);
    anchors.add(sorted[Math.floor((Math.min(cols, sorted.length) - 1) / 2)]!.id);
    const block: Slot = {
      w: cols * cellW - gaps.sibling,
      h: rows * cellH - gaps.sibling,
      order: sorted[0]!.order,
      block: { leaves: sorted, cols, cellW, cellH },
      children: [],
    };
    slots.get(parentId)!.children.push(block);
    const spans = Math.max(0, Math.ceil((block.h - rowHeight) / (rowHeight + gaps.rank)));
    let below = block;
    for (let i = 0; i < spans; i++) {
      const spacer: Slot = { w: block.w, h: rowHeight, order: 0, children: [] };
      below.children.push(spacer);
      below = spacer;
    }
  }
  // Mounts whose parent is not drawn here are roots, under one invisible root.
  const top: Slot = { w: 0, h: 0, order: -Infinity, children: [] };
  for (const mount of mounts) {
    if (wrapped.has(mount.id)) {
      continue;
    }
    const parent = mount.parent !== null && mount.parent !== mount.id && byId.has(mount.parent) ? slots.get(mount.parent)! : top;
    parent.children.push(slots.get(mount.id)!);
  }
  // A loop of parents (never in a kernel's table, but a table is data) is out of the root's
  // reach: its first mount is cut from its parent and becomes a root, which breaks the loop.
  const reached = below(top);
  for (const mount of mounts) {
    const slot = slots.get(mount.id)!;
    if (!wrapped.has(mount.id) && !reached.has(slot)) {
      const parent = slots.get(mount.parent!)!;
      parent.children.splice(parent.children.indexOf(slot), 1);
      top.children.push(slot);
      for (const next of below(slot)) {
        reached.add(next);
      }
    }
  }

  const root = hierarchy(top, slot => slot.children).sort((a, b) => a.data.order - b.data.order);
  // Units of one pixel: two neighbours are half of each one's width plus a gap apart (more
  // between cousins, so subtrees read as groups).
  const laidOut = tree<Slot>()
    .nodeSize([1, 1])
    .separation((a, b) => (a.data.w + b.data.w) / 2 + (a.parent === b.parent ? gaps.sibling : gaps.sibling * 2))(root);

  // Rows: the invisible root's children are row 0.
  const rowHeights: number[] = [];
  laidOut.each(node => {
    if (node.depth > 0) {
      rowHeights[node.depth - 1] = Math.max(rowHeights[node.depth - 1] ?? 0, node.data.block ? rowHeight : node.data.h);
    }
  });
  const rowTop: number[] = [];
  let y = 0;
  for (let d = 0; d < rowHeights.length; d++) {
    rowTop[d] = y;
    y += (rowHeights[d] ?? 0) + gaps.rank;
  }

  const positions = new Map<string, Point>();
  let x1 = Infinity;
  let x2 = -Infinity;
  let y2 = 0;
  laidOut.each((node: HierarchyPointNode<Slot>) => {
    const slot = node.data;
    if (node.depth === 0 || (!slot.mount && !slot.block)) {
      return;
    }
    const top = rowTop[node.depth - 1]!;
    x1 = Math.min(x1, node.x - slot.w / 2);
    x2 = Math.max(x2, node.x + slot.w / 2);
    y2 = Math.max(y2, top + slot.h);
    if (slot.mount) {
      positions.set(slot.mount.id, { x: node.x, y: top + slot.h / 2 });
      return;
    }
    // A block: its leaves row by row, each centred in its cell.
    const { leaves, cols, cellW, cellH } = slot.block!;
    const left = node.x - slot.w / 2;
    leaves.forEach((leaf, i) => {
      const col = i % cols;
      const row = Math.floor(i / cols);
      positions.set(leaf.id, { x: left + col * cellW + (cellW - gaps.sibling) / 2, y: top + row * cellH + (cellH - gaps.sibling) / 2 });
    });
  });
  if (!Number.isFinite(x1)) {
    return { positions, wrapped, anchors, box: { x1: 0, y1: 0, x2: 0, y2: 0 } };
  }
  // Normalised: the top-left corner of the picture at (0, 0).
  for (const p of positions.values()) {
    p.x -= x1;
  }
  return { positions, wrapped, anchors, box: { x1: 0, y1: 0, x2: x2 - x1, y2 } };
}

/** A slot and every slot below it. */
function below(slot: Slot): Set<Slot> {
  const found = new Set<Slot>();
  const stack = [slot];
  for (let next = stack.pop(); next; next = stack.pop()) {
    found.add(next);
    stack.push(...next.children);
  }
  return found;
}

/** Each mount by ID and, per parent, its children that have no children of their own. */
function shapeOf(mounts: readonly TreeMount[]): { byId: Map<string, TreeMount>; leafChildren: Map<string, TreeMount[]> } {
  const byId = new Map<string, TreeMount>();
  const hasChildren = new Set<string>();
  for (const mount of mounts) {
    byId.set(mount.id, mount);
    if (mount.parent !== null) {
      hasChildren.add(mount.parent);
    }
  }
  const leafChildren = new Map<string, TreeMount[]>();
  for (const mount of mounts) {
    if (mount.parent !== null && byId.has(mount.parent) && !hasChildren.has(mount.id)) {
      const list = leafChildren.get(mount.parent);
      if (list) {
        list.push(mount);
      } else {
        leafChildren.set(mount.parent, [mount]);
      }
    }
  }
  return { byId, leafChildren };
}
