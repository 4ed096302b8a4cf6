// Loaded by every page as <script type="module">. It imports the graph bundle by URL (the
// bundler keeps './graph.js' external), so the page proves that the bundle loads and runs:
// <html data-cytoscape="3.x.y"> and the footer's [data-cytoscape-version] show its version.
import { cytoscapeVersion } from './graph.js';

document.documentElement.dataset['cytoscape'] = cytoscapeVersion;
for (const element of document.querySelectorAll<HTMLElement>('[data-cytoscape-version]')) {
  element.textContent = `Cytoscape.js ${cytoscapeVersion}`;
}
