// cytoscape-svg ships no typings: the extension registers `cy.svg(options)` on the core.
declare module 'cytoscape-svg' {
  import type cytoscape from 'cytoscape';

  const register: cytoscape.Ext;
  export default register;
}
