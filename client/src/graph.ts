// The mount graph: one Cytoscape instance per Blazor MountGraph component. The component
// imports this module and calls create(element, dotnetRef, options); everything an instance
// owns (Cytoscape, timers, listeners, the tooltip) lives in its closure and dies in dispose(),
// so several graphs on one page never share state.
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import svg from 'cytoscape-svg';
import type { BatchDto, ChangeDto, DotNetRef, GraphOptions, MountNodeDto, NamespaceDto, PeerGroupDto } from './graph/dto.js';
import { FONT_FAMILY, FONT_SIZE, LINE_HEIGHT, NODE_PADDING_X, NODE_PADDING_Y, buildStyle } from './graph/style.js';
import { type Theme, resolveTheme } from './graph/theme.js';
import { mix } from './graph/colors.js';
import { GroupIndex } from './graph/groupIndex.js';
import { type TreeMount, planLargeTree } from './graph/largeTree.js';
import { Occupancy } from './graph/occupancy.js';
import { useFastStyleCacheInvalidation } from './graph/styleCache.js';

export type { BatchDto, ChangeDto, DotNetRef, GraphOptions, MountNodeDto, NamespaceDto, PeerGroupDto } from './graph/dto.js';

// Registering extensions is library set-up, not instance state: it happens once, when the
// module is first evaluated.
cytoscape.use(dagre);
cytoscape.use(svg);

// cytoscape sets `version` on its default export at run time, but its typings omit it.
const { version } = cytoscape as typeof cytoscape & { readonly version: string };

/** The Cytoscape.js version bundled into this module. */
export const cytoscapeVersion: string = version;

export { cytoscape };

/** A legend row: a peer group drawn in the graph now. */
export interface LegendEntry extends PeerGroupDto {
  /** Mounts drawn with shared:N. */
  readonly members: number;
  /** Mounts drawn with master:N. */
  readonly slaves: number;
}

/** What create() returns; the component holds it as an IJSObjectReference. */
export interface MountGraph {
  /** Applies a batch: namespaces (re)loaded and laid out, then node patches, in place. */
  update(batch: BatchDto): void;
  /** Selects a node (null clears) and brings it into view; raises no OnNodeSelected. */
  select(id: string | null): boolean;
  /** Fits the whole graph into the view. */
  fit(): void;
  /** Zooms by `factor` (above 1 in, below 1 out) around the centre of the view. */
  zoom(factor: number): void;
  /** Lays every namespace out anew (a "tidy" button): the one time existing nodes move. */
  layout(): void;
  /** Highlights mounts whose mount point contains `text` (empty clears); returns the count. */
  search(text: string): number;
  /** Node IDs of the mounts whose mount point contains `text`, in reading order (namespace, top to bottom, left to right). */
  find(text: string): string[];
  /** The whole graph as a PNG data URL, at `scale` times screen resolution. */
  exportPng(scale?: number): string;
  /** The whole graph as an SVG document. */
  exportSvg(): string;
  /**
   * Saves the whole graph as a PNG file (`scale` times screen resolution, at most 12,000 px a
   * side) through the browser's download. The image never crosses to .NET: a circuit's
   * messages from the browser are limited to 32 KB.
   */
  downloadPng(fileName: string, scale?: number): Promise<void>;
  /** Saves the whole graph as an SVG file through the browser's download. */
  downloadSvg(fileName: string): void;
  /** Peer groups drawn now, with their colours. */
  legend(): LegendEntry[];
  /** Destroys the instance: Cytoscape, timers, listeners, tooltip. */
  dispose(): void;
  /**
   * Highlights the mounts with these node IDs (an operation's changes): the rest dims, they
   * flash and come into view. An empty list clears. Returns how many are drawn.
   */
  highlight(ids: readonly string[]): number;
}

/** What browser tests read: element.__mountviz. */
export interface TestHook {
  readonly cy: cytoscape.Core;
  readonly graph: MountGraph;
  /** Whether Cytoscape runs with the fast style-cache invalidation (graph/styleCache.ts). */
  readonly fastStyleCache: boolean;
}

const RANK_GAP = 46;
const SIBLING_GAP = 22;
const NAMESPACE_GAP = 120;
/** A namespace box's padding around its mounts (style.ts) and room for its caption above. */
const NAMESPACE_PADDING = 26;
const NAMESPACE_CAPTION = 36;
const LARGE_TREE_GAPS = { rank: RANK_GAP, sibling: SIBLING_GAP } as const;
/** Search and highlights dim the rest of the graph up to this many mounts drawn. */
const DIM_LIMIT = 1500;
/** Search marks and fits at most this many matches (more are only counted). */
const MARK_LIMIT = 300;
const PULSE_MS = 700;
const FLASH_MS = 900;
const FADE_MS = 900;

/** Creates a graph in `element` (which should have a size); `dotnetRef` receives OnNodeSelected(id). */
export function create(element: HTMLElement, dotnetRef: DotNetRef | null, options: GraphOptions = {}): MountGraph {
  const themeMode = options.theme ?? 'auto';
  const animate = options.animate ?? true;
  const propagatedMarkMs = options.propagatedMarkMs ?? 10_000;
  let theme: Theme = resolveTheme(element, themeMode);
  const colors = new Map<number, string>();
  const namespaceOrder: string[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let ghostSequence = 0;
  let disposed = false;
  // Mount nodes by peer group and relation edges by group (see GroupIndex), the IDs of the mount
  // nodes drawn (ghosts excluded), and each namespace's box as last laid out or grown: batches
  // work from these instead of selectors and bounding boxes over the whole graph.
  const groupIndex = new GroupIndex();
  const drawn = new Set<string>();
  const boxes = new Map<string, Box>();
  // Namespaces laid out as large trees: their tree edges are straight lines (style.ts). Parents
  // whose wide fan of leaves is wrapped into a block (largeTree.ts): a leaf there gets no line.
  const largeNamespaces = new Set<string>();
  const wrappingParents = new Map<string, ReadonlySet<string>>();
  const treeEdgeClasses = (namespace: string): string => (largeNamespaces.has(namespace) ? 'tree straight' : 'tree routed');

  const cy = cytoscape({
    container: element,
    style: buildStyle(theme),
    // Low enough that Fit shows a whole namespace of thousands of mounts.
    minZoom: 0.002,
    maxZoom: 3,
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
    autoungrabify: false,
    selectionType: 'single',
  });

  const fastStyleCache = useFastStyleCacheInvalidation(cy);

  // An explicit theme is the graph's own choice, whatever the page around it shows.
  if (themeMode !== 'auto') {
    element.style.background = theme.background;
  }

  const measure = createMeasurer();
  const tooltip = createTooltip(element);

  // data-ready="true" once a batch is laid out and painted: screenshot tools wait for it.
  element.dataset['ready'] = 'false';
  let readySequence = 0;
  const markReady = (): void => {
    const sequence = ++readySequence;
    element.dataset['ready'] = 'false';
    // Two frames: Cytoscape paints on the next one, after this batch.
    requestAnimationFrame(() => requestAnimationFrame(() => {
      if (!disposed && sequence === readySequence) {
        element.dataset['ready'] = 'true';
      }
    }));
  };

  const later = (ms: number, action: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!disposed) {
        action();
      }
    }, ms);
    timers.add(timer);
  };

  // --- node data -----------------------------------------------------------------------

  const colorOf = (group: number | null): string => (group === null ? theme.neutral : colors.get(group) ?? theme.neutral);

  const tagsOf = (dto: MountNodeDto, propagated: boolean): string => {
    const parts: string[] = [];
    switch (dto.propagation) {
      case 'shared': parts.push(`⇄ shared:${dto.shared}`); break;
      case 'slave': parts.push(`← slave of ${dto.master}`); break;
      case 'shared+slave': parts.push(`⇄ shared:${dto.shared} ← master:${dto.master}`); break;
      case 'unbindable': parts.push('⊘ unbindable'); break;
      default: parts.push('private'); break;
    }
    if (dto.propagateFrom !== null) {
      parts.push(`from:${dto.propagateFrom}`);
    }
    if (dto.hidden) {
      parts.push('hidden');
    }
    if (propagated) {
      parts.push('↯ propagated');
    }
    return parts.join(' · ');
  };

  const dataOf = (dto: MountNodeDto, propagated: boolean): Record<string, unknown> => {
    const lines = [dto.mountPoint, dto.detail, tagsOf(dto, propagated)];
    const size = measure(lines);
    const color = colorOf(dto.shared);
    return {
      ...dto,
      // Cytoscape's `parent` is the compound node; the mount's own parent is mountParent.
      parent: dto.namespace,
      mountParent: dto.parent,
      label: lines.join('\n'),
      w: size.width,
      h: size.height,
      color,
      tint: mix(color, theme.surface, theme.dark ? 0.22 : 0.13),
      masterColor: colorOf(dto.master),
    };
  };

  const classesOf = (dto: MountNodeDto): string => {
    const propagation = dto.propagation === 'shared+slave' ? 'sharedslave' : dto.propagation;
    return `mount p-${propagation}${dto.hidden ? ' hidden-mount' : ''}`;
  };

  /** The DTO a node was made from (its data, with the mount's parent under its own name again). */
  const dtoOf = (node: cytoscape.NodeSingular): MountNodeDto =>
    ({ ...node.data(), parent: node.data('mountParent') }) as MountNodeDto;

  /** Records a mount node just added in the indexes. */
  const track = (node: cytoscape.NodeSingular): void => {
    drawn.add(node.id());
    groupIndex.add(node.id(), node.data() as MountNodeDto);
  };

  /** Removes a mount node and forgets it in the indexes. */
  const removeMount = (node: cytoscape.NodeSingular): void => {
    drawn.delete(node.id());
    groupIndex.remove(node.id(), node.data() as MountNodeDto);
    node.remove();
  };

  const setNode = (node: cytoscape.NodeSingular, dto: MountNodeDto): void => {
    const propagated = node.hasClass('propagated');
    groupIndex.remove(node.id(), node.data() as MountNodeDto);
    node.data(dataOf(dto, propagated));
    groupIndex.add(node.id(), dto);
    node.classes(classesOf(dto) + (propagated ? ' propagated' : ''));
  };

  const restyleAll = (): void => {
    cy.batch(() => {
      cy.nodes('.mount').forEach(node => {
        node.data(dataOf(dtoOf(node), node.hasClass('propagated')));
      });
      cy.edges('.peer, .master, .from').forEach(edge => {
        edge.data('color', colorOf(edge.data('group') as number));
      });
    });
  };

  // --- edges ---------------------------------------------------------------------------

  const setTreeEdge = (node: cytoscape.NodeSingular): void => {
    const id = `tree:${node.id()}`;
    cy.getElementById(id).remove();
    const parentId = node.data('mountParent') as string | null;
    if (parentId && wrappingParents.get(node.data('namespace') as string)?.has(parentId)) {
      return;
    }
    if (parentId && cy.getElementById(parentId).nonempty()) {
      cy.add({ group: 'edges', data: { id, source: parentId, target: node.id() }, classes: treeEdgeClasses(node.data('namespace') as string) });
    }
  };

  /**
   * Peer links, master arrows and propagate_from arrows of the given groups, brought up to date:
   * edges that are still wanted stay (Cytoscape restyles every edge added, and a group of a
   * Kubernetes node has hundreds), the others go, new ones are added.
   * Peers are linked across namespaces only (inside one, colour and the shared:N tag say it):
   * each member to the member of the nearest namespace before it, preferring the same mount
   * point. A slave gets one arrow from a member of its master group: in its own namespace if
   * there is one, else at the same mount point, else the first.
   */
  const redrawRelations = (groups: Iterable<number>): void => {
    const nodeOf = (id: string): cytoscape.NodeSingular => cy.getElementById(id) as unknown as cytoscape.NodeSingular;
    const additions: cytoscape.ElementDefinition[] = [];
    for (const group of groups) {
      const entry = groupIndex.entry(group);
      const previous = new Set(entry.edges);
      entry.edges.clear();
      const color = colorOf(group);
      const addEdge = (kind: 'peer' | 'master' | 'from', source: cytoscape.NodeSingular, target: cytoscape.NodeSingular): void => {
        const id = `${kind}:${group}:${source.id()}:${target.id()}`;
        if (entry.edges.has(id)) {
          return;
        }
        entry.edges.add(id);
        const arc = kind === 'peer' ? arcOf(source, target) : undefined;
        // An edge whose ends were not removed meanwhile is still drawn: kept, its data updated.
        const existing = previous.has(id) ? cy.getElementById(id) : null;
        if (existing && existing.nonempty()) {
          if (existing.data('color') !== color) {
            existing.data('color', color);
          }
          if (arc !== undefined && existing.data('arc') !== arc) {
            existing.data('arc', arc);
          }
          return;
        }
        const data: Record<string, unknown> = { id, source: source.id(), target: target.id(), group, color };
        if (kind === 'peer') {
          data['label'] = `shared:${group}`;
          data['arc'] = arc;
        }
        additions.push({ group: 'edges', data, classes: kind });
      };

      // Members by namespace, in namespace order; the first per mount point for quick pairing.
      const members = [...entry.members].map(nodeOf).filter(n => n.nonempty());
      const byNamespace = new Map<number, cytoscape.NodeSingular[]>();
      const firstAt = new Map<string, cytoscape.NodeSingular>();
      for (const member of members) {
        const index = namespaceOrder.indexOf(member.data('namespace') as string);
        const list = byNamespace.get(index);
        if (list) {
          list.push(member);
        } else {
          byNamespace.set(index, [member]);
        }
      }
      const order = [...byNamespace.keys()].sort((a, b) => a - b);
      const sorted = order.flatMap(index => byNamespace.get(index)!);
      for (const member of sorted) {
        const point = member.data('mountPoint') as string;
        if (!firstAt.has(point)) {
          firstAt.set(point, member);
        }
      }
      // Each member to the nearest namespace before its own, the same mount point if it has one.
      for (let k = 1; k < order.length; k++) {
        const candidates = byNamespace.get(order[k - 1]!)!;
        const points = new Map<string, cytoscape.NodeSingular>();
        for (const candidate of candidates) {
          const point = candidate.data('mountPoint') as string;
          if (!points.has(point)) {
            points.set(point, candidate);
          }
        }
        for (const member of byNamespace.get(order[k]!)!) {
          addEdge('peer', points.get(member.data('mountPoint') as string) ?? candidates[0]!, member);
        }
      }

      const pick = (node: cytoscape.NodeSingular): cytoscape.NodeSingular | undefined => {
        const own = byNamespace.get(namespaceOrder.indexOf(node.data('namespace') as string));
        return own?.find(m => m.id() !== node.id())
          ?? firstAt.get(node.data('mountPoint') as string)
          ?? sorted[0];
      };
      for (const slave of [...entry.slaves].map(nodeOf)) {
        const master = slave.nonempty() ? pick(slave) : undefined;
        if (master && master.id() !== slave.id()) {
          addEdge('master', master, slave);
        }
      }
      // propagate_from:N names the group events come from when the master is out of view.
      for (const receiver of [...entry.receivers].map(nodeOf)) {
        const from = receiver.nonempty() ? pick(receiver) : undefined;
        if (from && from.id() !== receiver.id() && receiver.data('master') !== group) {
          addEdge('from', from, receiver);
        }
      }
      for (const id of previous) {
        if (!entry.edges.has(id)) {
          cy.getElementById(id).remove();
        }
      }
    }
    if (additions.length > 0) {
      cy.add(additions);
    }
  };

  const groupsOf = (dto: { shared: number | null; master: number | null; propagateFrom: number | null }, into: Set<number>): void => {
    for (const group of [dto.shared, dto.master, dto.propagateFrom]) {
      if (group !== null && group !== undefined) {
        into.add(group);
      }
    }
  };

  // --- layout --------------------------------------------------------------------------

  /** True once the user zoomed or panned; a fit clears it (see the interaction section). */
  let userMoved = false;

  const fitAll = (): void => {
    cy.fit(undefined, 30);
    userMoved = false;
  };

  /**
   * Fits the view to the namespaces' cached boxes, as cy.fit would to the whole graph, without
   * measuring every element again (at 5,000 mounts that measuring alone took half a second).
   * The margin holds a namespace's padding and its caption above.
   */
  const fitBoxes = (): void => {
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    for (const box of boxes.values()) {
      x1 = Math.min(x1, box.x1);
      y1 = Math.min(y1, box.y1);
      x2 = Math.max(x2, box.x2);
      y2 = Math.max(y2, box.y2);
    }
    if (!Number.isFinite(x1)) {
      fitAll();
      return;
    }
    const margin = NAMESPACE_PADDING;
    x1 -= margin;
    x2 += margin;
    y1 -= margin + NAMESPACE_CAPTION;
    y2 += margin;
    const padding = 30;
    const width = cy.width();
    const height = cy.height();
    if (width <= 2 * padding || height <= 2 * padding) {
      return;
    }
    const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), Math.min((width - 2 * padding) / (x2 - x1), (height - 2 * padding) / (y2 - y1))));
    cy.viewport({ zoom, pan: { x: (width - zoom * (x1 + x2)) / 2, y: (height - zoom * (y1 + y2)) / 2 } });
    userMoved = false;
  };

  /** Whether every one of the nodes lies wholly inside the visible part of the graph. */
  const insideView = (nodes: readonly cytoscape.NodeSingular[]): boolean => {
    const view = cy.extent();
    return nodes.every(node => {
      const box = node.boundingBox({ includeLabels: true });
      return box.x1 >= view.x1 && box.x2 <= view.x2 && box.y1 >= view.y1 && box.y2 <= view.y2;
    });
  };

  /**
   * Lays out one namespace as a top-down tree, ignoring relation edges: dagre for small trees
   * (it draws them best), a tidy tree with wide fans wrapped for large ones (see largeTree.ts),
   * which returns the box of its mounts (null for dagre: measure them).
   */
  const layoutNamespace = (namespace: cytoscape.NodeSingular): Box | null => {
    const mounts = namespace.children().not('.ghost');
    if (mounts.empty()) {
      return null;
    }
    const plan = planLargeTree(mounts.map(node => treeMountOf(node.data() as Record<string, unknown>)), LARGE_TREE_GAPS);
    if (plan) {
      mounts.positions(node => plan.positions.get(node.id()) ?? node.position());
      return plan.box;
    }
    const eles = mounts.union(mounts.connectedEdges('.tree'));
    eles.layout({
      name: 'dagre',
      rankDir: 'TB',
      nodeSep: SIBLING_GAP,
      rankSep: RANK_GAP,
      edgeSep: 10,
      fit: false,
      animate: false,
      // Siblings left to right as mountinfo lists them. Dagre gets nodes and edges in this
      // order and places what it gets last leftmost, hence descending mount IDs (an edge
      // counts as its child).
      sort: (a: cytoscape.SingularElementArgument, b: cytoscape.SingularElementArgument) => orderKey(b) - orderKey(a),
    } as cytoscape.LayoutOptions).run();
    return null;
  };

  /**
   * Places namespaces left to right in load order. Those just laid out are measured and go to
   * the cursor; the others keep their cached box (grown by the mounts placed since) and move only
   * when a neighbour grew into them, and then as a whole. Returns whether anything moved.
   */
  const arrangeNamespaces = (fresh: ReadonlySet<string>, planned: ReadonlyMap<string, Box> = new Map()): boolean => {
    let cursor = 0;
    let shifted = false;
    for (const id of namespaceOrder) {
      const namespace = cy.getElementById(id);
      const mounts = namespace.children();
      if (mounts.empty()) {
        boxes.delete(id);
        continue;
      }
      let box = boxes.get(id);
      if (fresh.has(id) || !box) {
        const measured = planned.get(id) ?? mounts.boundingBox({ includeLabels: true });
        box = { x1: measured.x1, y1: measured.y1, x2: measured.x2, y2: measured.y2 };
      }
      const dx = fresh.has(id) ? cursor - box.x1 : Math.max(0, cursor - box.x1);
      const dy = fresh.has(id) ? -box.y1 : 0;
      if (dx !== 0 || dy !== 0) {
        mounts.shift({ x: dx, y: dy });
        box = { x1: box.x1 + dx, y1: box.y1 + dy, x2: box.x2 + dx, y2: box.y2 + dy };
        shifted = true;
      }
      boxes.set(id, box);
      cursor = box.x2 + NAMESPACE_GAP;
    }
    return shifted;
  };

  /** Widens a namespace's cached box to hold a node; returns whether it grew. */
  const growBox = (node: cytoscape.NodeSingular): boolean => {
    const id = node.data('namespace') as string;
    const box = boxes.get(id);
    const p = node.position();
    const w = (node.data('w') as number) / 2;
    const h = (node.data('h') as number) / 2;
    if (!box) {
      boxes.set(id, { x1: p.x - w, y1: p.y - h, x2: p.x + w, y2: p.y + h });
      return true;
    }
    if (p.x - w >= box.x1 && p.x + w <= box.x2 && p.y - h >= box.y1 && p.y + h <= box.y2) {
      return false;
    }
    boxes.set(id, { x1: Math.min(box.x1, p.x - w), y1: Math.min(box.y1, p.y - h), x2: Math.max(box.x2, p.x + w), y2: Math.max(box.y2, p.y + h) });
    return true;
  };

  /** How high a peer link arches: higher the farther apart its ends, so it clears what lies between. */
  const arcOf = (source: cytoscape.NodeSingular, target: cytoscape.NodeSingular): number =>
    -Math.min(320, 30 + Math.abs(target.position().x - source.position().x) * 0.16);

  const archPeerLinks = (): void => {
    cy.edges('.peer').forEach(edge => {
      edge.data('arc', arcOf(edge.source(), edge.target()));
    });
  };

  /**
   * Per namespace, for one batch: the rectangles of its mounts (to find free spots) and, per
   * parent, the right edge of its children (to place a new one right of its siblings). Read once
   * from node positions when the batch places its first mount there; `pending` (the mounts this
   * batch places) are left out, as they have no place yet.
   */
  const placements = (pending: ReadonlySet<string>): ((namespace: string) => { occupancy: Occupancy; rightOf: Map<string, number>; right: number; top: number }) => {
    const cache = new Map<string, { occupancy: Occupancy; rightOf: Map<string, number>; right: number; top: number }>();
    return namespace => {
      let entry = cache.get(namespace);
      if (!entry) {
        entry = { occupancy: new Occupancy(), rightOf: new Map(), right: -Infinity, top: Infinity };
        const e = entry;
        cy.getElementById(namespace).children().forEach(n => {
          if (n.hasClass('ghost') || pending.has(n.id())) {
            return;
          }
          const p = n.position();
          const w = n.data('w') as number;
          const h = n.data('h') as number;
          e.occupancy.add({ x: p.x, y: p.y, w, h });
          const parentId = n.data('mountParent') as string | null;
          if (parentId) {
            e.rightOf.set(parentId, Math.max(e.rightOf.get(parentId) ?? -Infinity, p.x + w / 2));
          }
          e.right = Math.max(e.right, p.x + w / 2);
          e.top = Math.min(e.top, p.y - h / 2);
        });
        cache.set(namespace, entry);
      }
      return entry;
    };
  };

  /** A spot for a new mount under its parent, right of its siblings, free of other mounts. */
  const place = (node: cytoscape.NodeSingular, spaces: ReturnType<typeof placements>): void => {
    const w = node.data('w') as number;
    const h = node.data('h') as number;
    const parentId = node.data('mountParent') as string | null;
    const parent = parentId ? cy.getElementById(parentId) : null;
    const space = spaces(node.data('namespace') as string);
    let x: number;
    let y: number;
    if (parent && parent.nonempty()) {
      const p = parent.position();
      y = p.y + (parent.data('h') as number) / 2 + RANK_GAP + h / 2;
      const right = space.rightOf.get(parentId!);
      x = right !== undefined ? right + SIBLING_GAP + w / 2 : p.x;
    } else if (space.right > -Infinity) {
      // An orphan or a second root: to the right of everything, at the top.
      x = space.right + SIBLING_GAP + w / 2;
      y = space.top + h / 2;
    } else {
      x = 0;
      y = 0;
    }

    // The nearest free spot: on the ideal row, left or right, or a row lower (a child drawn
    // one rank deeper still hangs from its parent's edge). Nothing else moves.
    let best: { x: number; y: number; cost: number } | null = null;
    const step = (w + SIBLING_GAP) / 2;
    for (let row = 0; row < 4; row++) {
      const rowY = y + row * (h + RANK_GAP);
      for (let k = 0; k < 60; k++) {
        const dx = (k % 2 === 0 ? 1 : -1) * Math.ceil(k / 2) * step;
        const cost = Math.abs(dx) + row * (h + RANK_GAP) * 1.5;
        if (best && cost >= best.cost) {
          break;
        }
        if (!space.occupancy.collides(x + dx, rowY, w, h, SIBLING_GAP / 2, 6)) {
          best = { x: x + dx, y: rowY, cost };
          break;
        }
      }
    }
    if (best) {
      x = best.x;
      y = best.y;
    }
    node.position({ x, y });
    space.occupancy.add({ x, y, w, h });
    if (parentId) {
      space.rightOf.set(parentId, Math.max(space.rightOf.get(parentId) ?? -Infinity, x + w / 2));
    }
    space.right = Math.max(space.right, x + w / 2);
    space.top = Math.min(space.top, y - h / 2);
  };

  // --- effects -------------------------------------------------------------------------

  const pulse = (node: cytoscape.NodeSingular): void => {
    if (!animate) {
      return;
    }
    node.flashClass('pulse', PULSE_MS);
    later(PULSE_MS * 2, () => node.inside() && node.flashClass('pulse', PULSE_MS));
  };

  const flash = (node: cytoscape.NodeSingular): void => {
    if (animate) {
      node.flashClass('flash', FLASH_MS);
    }
  };

  const markPropagated = (node: cytoscape.NodeSingular): void => {
    node.addClass('propagated');
    setNode(node, dtoOf(node));
    later(propagatedMarkMs, () => {
      if (node.inside() && node.hasClass('propagated')) {
        node.removeClass('propagated');
        setNode(node, dtoOf(node));
      }
    });
  };

  /** Removes a node now and leaves a fading copy in its place (its ID may come back at once). */
  const fadeOut = (node: cytoscape.NodeSingular): void => {
    if (animate) {
      const ghost = cy.add({
        group: 'nodes',
        data: { ...node.data(), id: `ghost:${++ghostSequence}`, mountParent: null },
        position: { ...node.position() },
        classes: `${node.classes().join(' ')} ghost`,
      });
      ghost.unselect();
      later(30, () => ghost.addClass('gone'));
      later(FADE_MS + 60, () => ghost.remove());
    }
    removeMount(node);
  };

  // --- batches -------------------------------------------------------------------------

  /** Loads a namespace's snapshot; returns the box of its mounts when they were added laid out, else null. */
  const loadNamespace = (dto: NamespaceDto, touchedGroups: Set<number>): Box | null => {
    let namespace = cy.getElementById(dto.id);
    if (namespace.nonempty()) {
      namespace.children().forEach(child => {
        groupsOf(child.data() as MountNodeDto, touchedGroups);
        if (!child.hasClass('ghost')) {
          removeMount(child);
        }
      });
      namespace.children().remove();
      namespace.data('label', dto.label);
    } else {
      namespace = cy.add({ group: 'nodes', data: { id: dto.id, sourceId: dto.sourceId, label: dto.label }, classes: 'namespace' });
      namespaceOrder.push(dto.id);
    }
    const mounts = dto.mounts ?? [];
    const data = mounts.map(m => dataOf(m, false));
    // A large namespace is laid out before its mounts are added, so each is added in its place
    // (see largeTree.ts); a small one is laid out by dagre once added.
    const plan = planLargeTree(data.map(treeMountOf), LARGE_TREE_GAPS);
    if (plan) {
      largeNamespaces.add(dto.id);
      wrappingParents.set(dto.id, new Set(plan.wrapped.values()));
    } else {
      largeNamespaces.delete(dto.id);
      wrappingParents.delete(dto.id);
    }
    cy.add(mounts.map((m, i) => ({ group: 'nodes' as const, data: data[i]!, classes: classesOf(m), position: plan?.positions.get(m.id) })))
      .forEach(node => track(node as cytoscape.NodeSingular));
    const edges: cytoscape.ElementDefinition[] = [];
    for (const m of mounts) {
      groupsOf(m, touchedGroups);
      const line = !plan?.wrapped.has(m.id) || plan.anchors.has(m.id);
      if (m.parent && line && cy.getElementById(m.parent).nonempty()) {
        edges.push({ group: 'edges', data: { id: `tree:${m.id}`, source: m.parent, target: m.id }, classes: treeEdgeClasses(dto.id) });
      }
    }
    cy.add(edges);
    return plan?.box ?? null;
  };

  const applyChange = (change: ChangeDto, touchedGroups: Set<number>, added: cytoscape.NodeSingular[], moved: cytoscape.NodeSingular[]): void => {
    const existing = cy.getElementById(change.node.id);
    groupsOf(change.node, touchedGroups);
    if (existing.nonempty()) {
      groupsOf(existing.data() as MountNodeDto, touchedGroups);
    }
    switch (change.kind) {
      case 'removed':
        if (existing.nonempty()) {
          fadeOut(existing);
        }
        break;
      case 'added': {
        if (existing.nonempty()) {
          removeMount(existing);
        }
        if (cy.getElementById(change.node.namespace).empty()) {
          return;
        }
        const node = cy.add({ group: 'nodes', data: dataOf(change.node, false), classes: classesOf(change.node) });
        track(node);
        added.push(node);
        if (change.node.propagated) {
          markPropagated(node);
        }
        break;
      }
      default: {
        if (existing.empty()) {
          return;
        }
        const before = existing.data('mountParent') as string | null;
        setNode(existing, change.node);
        if (before !== change.node.parent) {
          setTreeEdge(existing);
          moved.push(existing);
        }
        if (change.kind === 'changed') {
          flash(existing);
        }
        break;
      }
    }
  };

  const update = (batch: BatchDto): void => {
    if (disposed) {
      return;
    }
    for (const group of batch.groups ?? []) {
      colors.set(group.group, group.color);
    }
    const touchedGroups = new Set<number>();
    const fresh = new Set<string>();
    const planned = new Map<string, Box>();
    const added: cytoscape.NodeSingular[] = [];
    const moved: cytoscape.NodeSingular[] = [];
    cy.batch(() => {
      for (const ns of batch.namespaces ?? []) {
        if (ns.mounts) {
          const box = loadNamespace(ns, touchedGroups);
          if (box) {
            planned.set(ns.id, box);
          }
          fresh.add(ns.id);
        } else if (cy.getElementById(ns.id).nonempty()) {
          cy.getElementById(ns.id).data('label', ns.label);
        } else {
          cy.add({ group: 'nodes', data: { id: ns.id, sourceId: ns.sourceId, label: ns.label }, classes: 'namespace' });
          namespaceOrder.push(ns.id);
        }
      }
      for (const id of batch.removedNamespaces ?? []) {
        const namespace = cy.getElementById(id);
        namespace.children().forEach(child => {
          groupsOf(child.data() as MountNodeDto, touchedGroups);
          if (!child.hasClass('ghost')) {
            removeMount(child);
          }
        });
        namespace.children().remove();
        namespace.remove();
        boxes.delete(id);
        largeNamespaces.delete(id);
        wrappingParents.delete(id);
        namespaceOrder.splice(namespaceOrder.indexOf(id), 1);
      }
      for (const change of batch.changes ?? []) {
        applyChange(change, touchedGroups, added, moved);
      }
      for (const node of added) {
        setTreeEdge(node);
      }
    });

    for (const id of fresh) {
      if (!planned.has(id)) {
        layoutNamespace(cy.getElementById(id));
      }
    }
    // Parents are listed before their children, so each new mount finds its parent placed.
    // Only the namespaces' cached boxes are consulted afterwards: they are re-arranged when a
    // namespace is new, or grew past its box into the next one.
    const pending = [...added, ...moved].filter(node => node.inside());
    let grew = false;
    cy.batch(() => {
      const spaces = placements(new Set(pending.map(node => node.id())));
      for (const node of pending) {
        place(node, spaces);
        grew = growBox(node) || grew;
      }
    });
    const shifted = fresh.size > 0 || grew || namespaceOrder.some(id => !boxes.has(id) && cy.getElementById(id).children().nonempty())
      ? arrangeNamespaces(fresh, planned)
      : false;
    cy.batch(() => {
      redrawRelations(touchedGroups);
      if (shifted) {
        archPeerLinks();
      }
      for (const node of added) {
        pulse(node);
      }
    });
    if (fresh.size > 0 && namespaceOrder.length > 0) {
      fitBoxes();
    } else if (!userMoved && added.length > 0 && !insideView(added)) {
      fitBoxes();
    }
    element.dataset['mountvizNodes'] = String(drawn.size);
    markReady();
  };

  // --- interaction ---------------------------------------------------------------------

  // The view follows the graph (new mounts are fitted in) until the user zooms or pans
  // themselves; fitting (toolbar, 0 key, relayout) hands the view back to the graph.
  cy.on('scrollzoom pinchzoom dragpan', () => { userMoved = true; });

  cy.on('tap', 'node.mount', event => {
    const node = event.target as cytoscape.NodeSingular;
    void dotnetRef?.invokeMethodAsync('OnNodeSelected', node.id()).catch(() => { /* circuit gone: nothing to tell */ });
  });
  cy.on('tap', event => {
    if (event.target === cy) {
      void dotnetRef?.invokeMethodAsync('OnNodeSelected', null).catch(() => { /* circuit gone */ });
    }
  });
  cy.on('mouseover', 'node.mount', event => {
    const node = event.target as cytoscape.NodeSingular;
    const dto = node.data() as MountNodeDto;
    const where = node.renderedBoundingBox({});
    tooltip.show(dto.line, `${dto.mountPoint} · ${dto.propagation}${dto.hidden ? ' · hidden' : ''}`, where.x2, where.y1);
  });
  cy.on('mouseout', 'node.mount', () => tooltip.hide());
  cy.on('viewport drag', () => tooltip.hide());

  const colorScheme = themeMode === 'auto' && typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const onSchemeChange = (): void => {
    theme = resolveTheme(element, themeMode);
    cy.style(buildStyle(theme));
    restyleAll();
  };
  colorScheme?.addEventListener('change', onSchemeChange);
  // The page's theme toggle sets <html data-theme>: follow it as the system scheme is followed.
  const themeObserver = themeMode === 'auto' && typeof MutationObserver === 'function' ? new MutationObserver(onSchemeChange) : null;
  themeObserver?.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  const zoomBy = (factor: number): void => {
    const level = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor));
    userMoved = true;
    cy.zoom({ level, renderedPosition: { x: element.clientWidth / 2, y: element.clientHeight / 2 } });
  };

  /** Mount nodes in reading order: namespaces left to right, then top to bottom, left to right. */
  const readingOrder = (nodes: cytoscape.NodeCollection): cytoscape.NodeSingular[] => {
    const nsIndex = (n: cytoscape.NodeSingular): number => namespaceOrder.indexOf(n.data('namespace') as string);
    return (nodes.toArray() as cytoscape.NodeSingular[]).sort((a, b) =>
      nsIndex(a) - nsIndex(b) || a.position().y - b.position().y || a.position().x - b.position().x);
  };

  // Search results and an operation's changes: marked as matches, the rest dimmed. Only what
  // changes state is restyled (typing a longer search word keeps most of it). Above DIM_LIMIT
  // mounts nothing is dimmed: restyling thousands of mounts took a second and a half per
  // keystroke, and the matches' halo shows them anyway.
  let marked = cy.collection();
  let dimmed = cy.collection();
  const mark = (matches: cytoscape.CollectionReturnValue): void => {
    const dim = matches.nonempty() && drawn.size <= DIM_LIMIT
      ? cy.nodes('.mount').difference(matches).union(cy.edges())
      : cy.collection();
    cy.batch(() => {
      marked.difference(matches).removeClass('match');
      matches.difference(marked).addClass('match');
      dimmed.difference(dim).removeClass('dimmed');
      dim.difference(dimmed).addClass('dimmed');
    });
    marked = matches;
    dimmed = dim;
  };

  const selectAndTell = (node: cytoscape.NodeSingular): void => {
    graph.select(node.id());
    void dotnetRef?.invokeMethodAsync('OnNodeSelected', node.id()).catch(() => { /* circuit gone */ });
  };

  // The keyboard's way around the graph, when it has focus: + and - zoom, 0 fits, arrows pan,
  // ] and [ select the next and previous mount in reading order (the inspector follows).
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.target !== element || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    const pan = 60;
    switch (event.key) {
      case '+': case '=': zoomBy(1.25); break;
      case '-': case '_': zoomBy(0.8); break;
      case '0': fitAll(); break;
      case 'ArrowLeft': userMoved = true; cy.panBy({ x: pan, y: 0 }); break;
      case 'ArrowRight': userMoved = true; cy.panBy({ x: -pan, y: 0 }); break;
      case 'ArrowUp': userMoved = true; cy.panBy({ x: 0, y: pan }); break;
      case 'ArrowDown': userMoved = true; cy.panBy({ x: 0, y: -pan }); break;
      case ']': case '[': {
        const order = readingOrder(cy.nodes('.mount').not('.ghost'));
        if (order.length === 0) {
          return;
        }
        const current = order.findIndex(n => n.selected());
        const next = current < 0
          ? (event.key === ']' ? 0 : order.length - 1)
          : (current + (event.key === ']' ? 1 : order.length - 1)) % order.length;
        selectAndTell(order[next]!);
        break;
      }
      default: return;
    }
    event.preventDefault();
  };
  element.addEventListener('keydown', onKeyDown);

  // --- the instance --------------------------------------------------------------------

  const graph: MountGraph = {
    update,
    select(id) {
      cy.nodes(':selected').unselect();
      if (id === null) {
        return true;
      }
      const node = cy.getElementById(id);
      if (node.empty()) {
        return false;
      }
      node.select();
      const extent = cy.extent();
      const p = node.position();
      if (p.x < extent.x1 || p.x > extent.x2 || p.y < extent.y1 || p.y > extent.y2) {
        cy.animate({ center: { eles: node } }, { duration: animate ? 300 : 0 });
      }
      return true;
    },
    fit() {
      fitAll();
    },
    zoom(factor) {
      zoomBy(factor);
    },
    layout() {
      const all = new Set(namespaceOrder);
      const planned = new Map<string, Box>();
      for (const id of all) {
        const box = layoutNamespace(cy.getElementById(id));
        if (box) {
          planned.set(id, box);
        }
      }
      arrangeNamespaces(all, planned);
      archPeerLinks();
      fitAll();
    },
    search(text) {
      const needle = text.trim().toLowerCase();
      const matches = needle === ''
        ? cy.collection()
        : cy.nodes('.mount').filter(n => !n.hasClass('ghost') && String(n.data('mountPoint')).toLowerCase().includes(needle));
      // Thousands of matches (a few letters typed in a large namespace) are counted, not marked:
      // marking and fitting them all restyles and redraws most of the graph for each keystroke.
      const shown = matches.length <= MARK_LIMIT ? matches : cy.collection();
      mark(shown);
      if (shown.nonempty()) {
        cy.fit(shown, 60);
      }
      return matches.length;
    },
    find(text) {
      const needle = text.trim().toLowerCase();
      if (needle === '') {
        return [];
      }
      const matches = cy.nodes('.mount').not('.ghost').filter(n => String(n.data('mountPoint')).toLowerCase().includes(needle));
      return readingOrder(matches).map(n => n.id());
    },
    exportPng(scale = 2) {
      return cy.png({ full: true, scale, bg: theme.background, output: 'base64uri' });
    },
    exportSvg() {
      const core = cy as cytoscape.Core & { svg(options: { full: boolean; scale: number; bg: string }): string };
      return core.svg({ full: true, scale: 1, bg: theme.background });
    },
    async downloadPng(fileName, scale = 3) {
      const blob = await cy.png({ full: true, scale, maxWidth: 12_000, maxHeight: 12_000, bg: theme.background, output: 'blob-promise' });
      saveBlob(blob, fileName);
    },
    downloadSvg(fileName) {
      saveBlob(new Blob([graph.exportSvg()], { type: 'image/svg+xml' }), fileName);
    },
    legend() {
      const entries: LegendEntry[] = [];
      for (const [group, color] of [...colors].sort((a, b) => a[0] - b[0])) {
        const { members, slaves } = groupIndex.counts(group);
        if (members + slaves > 0) {
          entries.push({ group, label: `shared:${group}`, color, members, slaves });
        }
      }
      return entries;
    },
    dispose() {
      if (disposed) {
        return;
      }
      disposed = true;
      for (const timer of timers) {
        clearTimeout(timer);
      }
      timers.clear();
      colorScheme?.removeEventListener('change', onSchemeChange);
      themeObserver?.disconnect();
      element.removeEventListener('keydown', onKeyDown);
      tooltip.dispose();
      cy.destroy();
      delete (element as HTMLElement & { __mountviz?: TestHook }).__mountviz;
      delete element.dataset['mountvizNodes'];
      delete element.dataset['ready'];
    },
    highlight(ids) {
      const nodes = cy.collection();
      for (const id of ids) {
        const node = cy.getElementById(id);
        if (node.nonempty() && node.isNode() && !node.hasClass('ghost')) {
          nodes.merge(node);
        }
      }
      mark(nodes);
      if (nodes.empty()) {
        return 0;
      }
      nodes.forEach(node => flash(node as cytoscape.NodeSingular));
      const extent = cy.extent();
      const box = nodes.boundingBox({});
      if (box.x1 < extent.x1 || box.x2 > extent.x2 || box.y1 < extent.y1 || box.y2 > extent.y2) {
        cy.animate({ fit: { eles: nodes, padding: 80 } }, { duration: animate ? 300 : 0 });
      }
      return nodes.length;
    },
  };

  (element as HTMLElement & { __mountviz?: TestHook }).__mountviz = { cy, graph, fastStyleCache };
  return graph;
}

/** Saves `text` as a file through the browser's download (a Markdown table, for one). */
export function downloadText(fileName: string, mimeType: string, text: string): void {
  saveBlob(new Blob([text], { type: mimeType }), fileName);
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has read the URL once click() returns; a moment later it can go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A rectangle in model coordinates. */
interface Box {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** A mount node's data as the large-tree layout reads it. */
function treeMountOf(data: Record<string, unknown>): TreeMount {
  return {
    id: data['id'] as string,
    parent: (data['mountParent'] as string | null) ?? null,
    w: data['w'] as number,
    h: data['h'] as number,
    order: (data['mountId'] as number | undefined) ?? 0,
  };
}

/** Where a node or a tree edge (as its child) goes among its siblings: mountinfo order. */
function orderKey(element: cytoscape.SingularElementArgument): number {
  const node = element.isEdge() ? element.target() : element;
  return (node.data('mountId') as number | undefined) ?? 0;
}

/** Node sizes from the label's lines, measured with the font Cytoscape draws them in. */
function createMeasurer(): (lines: readonly string[]) => { width: number; height: number } {
  const context = typeof document !== 'undefined' ? document.createElement('canvas').getContext('2d') : null;
  if (context) {
    context.font = `${FONT_SIZE}px ${FONT_FAMILY}`;
  }
  // Each character is measured once and a line is the sum of its characters: measuring every
  // line of 5,000 mounts took a third of a second on a fresh page. Kerning and ligatures only
  // ever narrow a line, so the sum is at least the width drawn: the box never cuts the label.
  const charWidths = new Map<string, number>();
  const widthOf = (line: string): number => {
    let width = 0;
    for (const ch of line) {
      let w = charWidths.get(ch);
      if (w === undefined) {
        w = context ? context.measureText(ch).width : FONT_SIZE * 0.6;
        charWidths.set(ch, w);
      }
      width += w;
    }
    return width;
  };
  return lines => {
    const widest = Math.max(...lines.map(widthOf));
    return {
      width: Math.ceil(Math.max(widest, 40) + 2 * NODE_PADDING_X),
      height: Math.ceil(lines.length * FONT_SIZE * LINE_HEIGHT + 2 * NODE_PADDING_Y),
    };
  };
}

/** The hover tooltip with the raw mountinfo line: one element per graph, removed on dispose. */
function createTooltip(host: HTMLElement): { show(line: string, title: string, x: number, y: number): void; hide(): void; dispose(): void } {
  if (getComputedStyle(host).position === 'static') {
    host.style.position = 'relative';
  }
  const tip = document.createElement('div');
  tip.className = 'mountviz-graph-tooltip';
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  // Inline, from the page's variables: the module works on any page, site.css or not.
  Object.assign(tip.style, {
    position: 'absolute', zIndex: '10', maxWidth: 'min(46rem, 90%)', pointerEvents: 'none',
    padding: '0.45rem 0.6rem', borderRadius: '6px', fontSize: '12px', lineHeight: '1.4',
    background: 'var(--surface, #ffffff)', color: 'var(--text, #1c2230)',
    border: '1px solid var(--border, #dfe3ec)', boxShadow: '0 4px 16px rgb(20 30 60 / 18%)',
  });
  const heading = document.createElement('div');
  heading.className = 'mountviz-graph-tooltip-title';
  Object.assign(heading.style, { fontWeight: '600', marginBottom: '0.2rem' });
  const code = document.createElement('code');
  Object.assign(code.style, { fontFamily: 'var(--mono, ui-monospace, monospace)', whiteSpace: 'pre-wrap', wordBreak: 'break-all' });
  tip.append(heading, code);
  host.append(tip);
  return {
    show(line, title, x, y) {
      heading.textContent = title;
      code.textContent = line;
      tip.hidden = false;
      const left = Math.min(x + 8, Math.max(0, host.clientWidth - tip.offsetWidth - 8));
      tip.style.left = `${left}px`;
      tip.style.top = `${Math.max(0, y)}px`;
    },
    hide() {
      tip.hidden = true;
    },
    dispose() {
      tip.remove();
    },
  };
}
