// A faster eles.dirtyStyleCache() for Cytoscape 3.35, same semantics.
//
// Cytoscape keeps per element a cache of values derived from style (visible, takesUpSpace,
// effectiveOpacity...). Each style property it applies to an element clears that cache on the
// element, its descendants, its ancestors and the edges of all of them, because those values
// depend on a compound parent's style. In a graph with compound nodes the stock method builds
// four or five collections (each with its own index) to do so, for every property of every
// element: at 5,000 mounts inside a namespace node that was 1.2 s of the first render, more than
// any other single cost. This version visits the same elements through the element's own lists
// (_private.children, _private.parent, _private.edges) and builds nothing.
//
// It replaces the method on Cytoscape's collection prototype, once, when every field it reads
// is where Cytoscape 3.35 keeps it; otherwise the stock method stays. The browser tests check that
// derived style still follows a parent's change (client/src: graph module tests in
// tests/MountViz.E2E.Tests/Graph).
import type cytoscape from 'cytoscape';

/** The fields of an element's private state the fast path reads (Cytoscape 3.35's Element). */
interface ElementState {
  group: 'nodes' | 'edges';
  /** Created on first use; null or missing is "nothing cached". */
  styleCache?: unknown;
  edges: { _private: ElementState }[];
  children: { _private: ElementState }[];
  parent: { _private: ElementState } | null;
}

interface Elements {
  readonly length: number;
  readonly [index: number]: { _private: ElementState };
  cy(): { hasCompoundNodes(): boolean };
}

const patched = new WeakSet<object>();

/** Installs the fast dirtyStyleCache on the collection prototype `cy` uses; returns whether it is in place. */
export function useFastStyleCacheInvalidation(cy: cytoscape.Core): boolean {
  const probe = cy.collection() as unknown as object;
  const prototype = findOwner(probe, 'dirtyStyleCache');
  if (!prototype) {
    return false;
  }
  if (patched.has(prototype)) {
    return true;
  }
  if (!hasExpectedShape(cy)) {
    return false;
  }
  (prototype as Record<string, unknown>)['dirtyStyleCache'] = dirtyStyleCache;
  patched.add(prototype);
  return true;
}

function dirtyStyleCache(this: Elements): Elements {
  const compound = this.cy().hasCompoundNodes();
  for (let i = 0; i < this.length; i++) {
    const own = this[i]!._private;
    clear(own);
    if (compound && own.group === 'nodes') {
      const below = [...own.children];
      for (let next = below.pop(); next; next = below.pop()) {
        clear(next._private);
        below.push(...next._private.children);
      }
      for (let up = own.parent; up; up = up._private.parent) {
        clear(up._private);
      }
    }
  }
  return this;
}

/** Clears an element's derived style and, for a node, that of its edges. */
function clear(state: ElementState): void {
  state.styleCache = null;
  if (state.group === 'nodes') {
    for (const edge of state.edges) {
      edge._private.styleCache = null;
    }
  }
}

/** The object on the prototype chain of `value` that defines `name` itself. */
function findOwner(value: object, name: string): object | null {
  for (let at: object | null = Object.getPrototypeOf(value) as object | null; at; at = Object.getPrototypeOf(at) as object | null) {
    if (Object.prototype.hasOwnProperty.call(at, name) && typeof (at as Record<string, unknown>)[name] === 'function') {
      return at;
    }
  }
  return null;
}

/** Whether a throwaway parent, child and edge keep their links where the fast path reads them. */
function hasExpectedShape(cy: cytoscape.Core): boolean {
  const scratch = cy.add([
    { group: 'nodes', data: { id: '__mountviz-probe-parent' } },
    { group: 'nodes', data: { id: '__mountviz-probe-child', parent: '__mountviz-probe-parent' } },
    { group: 'edges', data: { id: '__mountviz-probe-edge', source: '__mountviz-probe-child', target: '__mountviz-probe-child' } },
  ]);
  try {
    const parent = (cy.getElementById('__mountviz-probe-parent') as unknown as { _private?: ElementState })._private;
    const child = (cy.getElementById('__mountviz-probe-child') as unknown as { _private?: ElementState })._private;
    const edge = (cy.getElementById('__mountviz-probe-edge') as unknown as { _private?: ElementState })._private;
    return !!parent && !!child && !!edge
      && parent.group === 'nodes' && edge.group === 'edges'
      && Array.isArray(parent.children) && parent.children.some(c => c._private === child)
      && child.parent?._private === parent
      && Array.isArray(child.edges) && child.edges.some(e => e._private === edge);
  } finally {
    scratch.remove();
  }
}
