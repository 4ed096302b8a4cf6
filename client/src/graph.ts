// The graph library as one ES module for the MountViz pages. Later issues add the graph
// component's create/update/dispose functions here; the page imports this module by URL.
import cytoscape from 'cytoscape';

// cytoscape sets `version` on its default export at run time, but its typings omit it.
const { version } = cytoscape as typeof cytoscape & { readonly version: string };

/** The Cytoscape.js version bundled into this module. */
export const cytoscapeVersion: string = version;

export { cytoscape };
