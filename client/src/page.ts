// Loaded by every page as <script type="module">. It imports the graph bundle by URL (the
// bundler keeps './graph.js' external), so the page proves that the bundle loads and runs:
// <html data-cytoscape="3.x.y"> and the footer's [data-cytoscape-version] show its version.
// It also runs the page chrome that needs no circuit: the theme toggle and the banner shown
// while the connection to the server is lost.
import { cytoscapeVersion } from './graph.js';
import { initReconnectBanner } from './page/reconnect.js';
import { applyStoredTheme, initThemeToggle } from './page/theme.js';

document.documentElement.dataset['cytoscape'] = cytoscapeVersion;
for (const element of document.querySelectorAll<HTMLElement>('[data-cytoscape-version]')) {
  element.textContent = `Cytoscape.js ${cytoscapeVersion}`;
}

applyStoredTheme();
initThemeToggle();
initReconnectBanner();

// Enhanced navigation swaps the page without reloading this module: set the chrome up again.
const blazor = (window as Window & { Blazor?: { addEventListener?(name: string, handler: () => void): void } }).Blazor;
blazor?.addEventListener?.('enhancedload', () => {
  applyStoredTheme();
  initThemeToggle();
});
