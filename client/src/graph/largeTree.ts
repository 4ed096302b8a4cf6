// The layout of a large namespace. Dagre draws small trees best, but its cost grows faster than
// the mount count and explodes with wide ranks (a Kubernetes node has thousands of mounts side by
// side under /var/lib/kubelet): minutes for 5,000 mounts. Above a threshold the tree is drawn by
// Cytoscape's own breadthfirst layout (linear in the tree), and a parent's wide fan of leaf
// mounts is wrapped into a block by Cytoscape's grid layout, so the picture stays a picture.
import type cytoscape from 'cytoscape';

/** Namespaces with more mounts than this are laid out by breadthfirst instead of dagre. */
export const LARGE_NAMESPACE = 250;

/** A parent with more leaf children than this has them wrapped into a grid block. */
export const WIDE_FAN = 48;

/** Whether dagre would be slow or unreadable on these mounts (many, or a wide fan of leaves). */
export function needsLargeLayout(mounts: cytoscape.NodeCollection): boolean {
  if (mounts.length > LARGE_NAMESPACE) {
    return true;
  }
  const { leafChildren } = shapeOf(mounts);
  for (const leaves of leafChildren.values()) {
    if (leaves.length > WIDE_FAN) {
      return true;
    }
  }
  return false;
}

/** Gaps of the picture: between ranks, between siblings, between a parent and its wrapped block. */
export interface LargeTreeGaps {
  readonly rank: number;
  readonly sibling: number;
}

/**
 * Lays out the mounts (children of one namespace node) top-down: the tree without its wide leaf
 * fans by breadthfirst, rows as high as their tallest mount; then each wide fan as a grid block,
 * blocks side by side below the tree in the order of their parents, each as close under its
 * parent as the block before it allows.
 */
export function layoutLargeTree(cy: cytoscape.Core, mounts: cytoscape.NodeCollection, gaps: LargeTreeGaps, order: (node: cytoscape.NodeSingular) => number): void {
  const { byId, leafChildren } = shapeOf(mounts);
  const wrapped = new Set<string>();
  const fans: { parent: cytoscape.NodeSingular; leaves: cytoscape.NodeSingular[] }[] = [];
  for (const [parentId, leaves] of leafChildren) {
    if (leaves.length > WIDE_FAN) {
      fans.push({ parent: byId.get(parentId)!, leaves });
      for (const leaf of leaves) {
        wrapped.add(leaf.id());
      }
    }
  }

  const skeleton = mounts.filter(n => !wrapped.has(n.id()));
  // Depths by walking down from the roots (mounts whose parent is not drawn here): the same
  // depths breadthfirst finds, needed to give each row its own height.
  const depthOf = new Map<string, number>();
  const children = new Map<string, cytoscape.NodeSingular[]>();
  const roots: cytoscape.NodeSingular[] = [];
  skeleton.forEach(node => {
    const parentId = node.data('mountParent') as string | null;
    if (parentId && byId.has(parentId) && !wrapped.has(parentId)) {
      const list = children.get(parentId);
      if (list) {
        list.push(node);
      } else {
        children.set(parentId, [node]);
      }
    } else {
      roots.push(node);
    }
  });
  const rowHeights: number[] = [];
  const queue: [cytoscape.NodeSingular, number][] = roots.map(r => [r, 0]);
  for (let i = 0; i < queue.length; i++) {
    const [node, depth] = queue[i]!;
    depthOf.set(node.id(), depth);
    rowHeights[depth] = Math.max(rowHeights[depth] ?? 0, node.data('h') as number);
    for (const child of children.get(node.id()) ?? []) {
      queue.push([child, depth + 1]);
    }
  }
  const rowY: number[] = [];
  let y = 0;
  for (let d = 0; d < rowHeights.length; d++) {
    rowY[d] = y + rowHeights[d]! / 2;
    y += rowHeights[d]! + gaps.rank;
  }

  const skeletonEles = skeleton.union(skeleton.connectedEdges('.tree').filter(e => skeleton.has(e.source()) && skeleton.has(e.target())));
  skeletonEles.layout({
    name: 'breadthfirst',
    directed: true,
    roots: roots.map(r => r.id()),
    fit: false,
    animate: false,
    spacingFactor: 1,
    avoidOverlap: true,
    nodeDimensionsIncludeLabels: false,
    padding: 0,
    // A tiny box: the spacing is then the widest mount plus nothing, the least that never overlaps.
    boundingBox: { x1: 0, y1: 0, w: 1, h: 1 },
    // Rows as high as their tallest mount instead of as tall as the widest one.
    transform: (node: cytoscape.NodeSingular, position: cytoscape.Position) =>
      ({ x: position.x, y: rowY[depthOf.get(node.id()) ?? 0] ?? position.y }),
  } as cytoscape.LayoutOptions).run();

  if (fans.length === 0) {
    return;
  }
  // Blocks below the whole tree, so no row of it needs to move aside.
  const top = y + gaps.rank;
  fans.sort((a, b) => a.parent.position().x - b.parent.position().x);
  let cursor = -Infinity;
  for (const { parent, leaves } of fans) {
    leaves.sort((a, b) => order(a) - order(b));
    let cellW = 0;
    let cellH = 0;
    for (const leaf of leaves) {
      cellW = Math.max(cellW, leaf.data('w') as number);
      cellH = Math.max(cellH, leaf.data('h') as number);
    }
    cellW += gaps.sibling;
    cellH += gaps.sibling;
    // About twice as wide as high: the shape of a screen.
    const cols = Math.max(1, Math.ceil(Math.sqrt((leaves.length * 2 * cellH) / cellW)));
    const rows = Math.ceil(leaves.length / cols);
    const width = cols * cellW;
    const x1 = Math.max(cursor, parent.position().x - width / 2);
    cy.collection(leaves as unknown as cytoscape.CollectionArgument).layout({
      name: 'grid',
      fit: false,
      animate: false,
      avoidOverlap: false,
      condense: false,
      cols,
      rows,
      boundingBox: { x1, y1: top, w: width, h: rows * cellH },
      sort: (a: cytoscape.NodeSingular, b: cytoscape.NodeSingular) => order(a) - order(b),
    } as cytoscape.LayoutOptions).run();
    cursor = x1 + width + gaps.sibling * 4;
  }
}

/** Each mount by ID and, per parent, its children that have no children of their own. */
function shapeOf(mounts: cytoscape.NodeCollection): { byId: Map<string, cytoscape.NodeSingular>; leafChildren: Map<string, cytoscape.NodeSingular[]> } {
  const byId = new Map<string, cytoscape.NodeSingular>();
  const hasChildren = new Set<string>();
  mounts.forEach(node => {
    byId.set(node.id(), node);
    const parentId = node.data('mountParent') as string | null;
    if (parentId) {
      hasChildren.add(parentId);
    }
  });
  const leafChildren = new Map<string, cytoscape.NodeSingular[]>();
  mounts.forEach(node => {
    const parentId = node.data('mountParent') as string | null;
    if (parentId && byId.has(parentId) && !hasChildren.has(node.id())) {
      const list = leafChildren.get(parentId);
      if (list) {
        list.push(node);
      } else {
        leafChildren.set(parentId, [node]);
      }
    }
  });
  return { byId, leafChildren };
}
