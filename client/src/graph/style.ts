// The Cytoscape stylesheet. Propagation is told by shape and border as well as colour, so it
// reads in grey print and for colour-blind eyes: shared = rounded, solid border in the group's
// colour, tinted; slave = rounded, dashed border in the master's colour; shared+slave = double
// border; private = square corners, thin grey border; unbindable = cut corners, dotted border.
// The third label line says the same in words (shared:3, master:1, unbindable...).
import type cytoscape from 'cytoscape';
import type { Theme } from './theme.js';

export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';
export const FONT_SIZE = 12;
export const LINE_HEIGHT = 1.35;
export const NODE_PADDING_X = 14;
export const NODE_PADDING_Y = 9;

export function buildStyle(theme: Theme): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node.namespace',
      style: {
        shape: 'round-rectangle',
        'corner-radius': '14px',
        'background-color': theme.namespaceFill,
        'background-opacity': 1,
        'border-width': 1,
        'border-color': theme.border,
        padding: '26px',
        // Mount labels sit inside their boxes: the box needs no label measuring (at 5,000 mounts
        // that measuring was a second and a half of the first render).
        'compound-sizing-wrt-labels': 'exclude',
        label: 'data(label)',
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -8,
        // A pill under the caption: it sits outside the box, on whatever the page is.
        'text-background-color': theme.namespaceFill,
        'text-background-opacity': 1,
        'text-background-padding': '5px',
        'text-background-shape': 'roundrectangle',
        'text-border-color': theme.border,
        'text-border-width': 1,
        'text-border-opacity': 1,
        'font-family': FONT_FAMILY,
        'font-size': 15,
        'font-weight': 650,
        color: theme.text,
        'min-zoomed-font-size': 4,
      },
    },
    {
      selector: 'node.mount',
      style: {
        shape: 'round-rectangle',
        'corner-radius': '8px',
        width: 'data(w)',
        height: 'data(h)',
        'background-color': theme.surface,
        'border-width': 1.5,
        'border-color': theme.neutral,
        label: 'data(label)',
        'text-wrap': 'wrap',
        'text-valign': 'center',
        'line-height': LINE_HEIGHT,
        'font-family': FONT_FAMILY,
        'font-size': FONT_SIZE,
        color: theme.text,
        'min-zoomed-font-size': 6,
        'underlay-color': theme.accent,
        'underlay-padding': 0,
        'transition-property': 'underlay-opacity, underlay-padding, underlay-color, opacity, background-color',
        'transition-duration': 450,
      },
    },
    {
      // No grey overlay while pressed: the selection ring says which mount was clicked.
      selector: 'node.mount:active',
      style: { 'overlay-opacity': 0 },
    },
    {
      selector: 'node.p-shared, node.p-sharedslave',
      style: {
        'background-color': 'data(tint)',
        'border-color': 'data(color)',
        'border-width': 3,
      },
    },
    {
      selector: 'node.p-sharedslave',
      style: { 'border-style': 'double', 'border-width': 6 },
    },
    {
      selector: 'node.p-slave',
      style: { 'border-color': 'data(masterColor)', 'border-style': 'dashed', 'border-width': 3 },
    },
    {
      selector: 'node.p-private',
      style: { shape: 'rectangle', 'border-width': 1.5, 'border-color': theme.neutral },
    },
    {
      selector: 'node.p-unbindable',
      style: { shape: 'cut-rectangle', 'corner-radius': '9px', 'border-style': 'dotted', 'border-width': 2.5, 'border-color': theme.neutral },
    },
    {
      selector: 'node.hidden-mount',
      style: {
        'background-color': theme.dark ? '#262c38' : '#e7e9ee',
        'border-color': theme.faint,
        color: theme.faint,
        opacity: 0.72,
      },
    },
    {
      selector: 'node.propagated',
      style: {
        'underlay-color': theme.propagated,
        'underlay-opacity': 0.35,
        'underlay-padding': 7,
      },
    },
    {
      selector: 'node.pulse',
      style: { 'underlay-color': theme.accent, 'underlay-opacity': 0.3, 'underlay-padding': 12 },
    },
    {
      selector: 'node.flash',
      style: { 'underlay-color': theme.flash, 'underlay-opacity': 0.75, 'underlay-padding': 10 },
    },
    {
      selector: 'node.ghost',
      style: { events: 'no', 'underlay-opacity': 0, 'transition-property': 'opacity', 'transition-duration': 900 },
    },
    {
      selector: 'node.ghost.gone',
      style: { opacity: 0 },
    },
    {
      // The selection: a halo and a ring in the accent colour, outside the border, which
      // keeps its own meaning (group colour, dashes for a slave).
      selector: 'node.mount:selected',
      style: {
        'underlay-color': theme.accent,
        'underlay-opacity': 0.3,
        'underlay-padding': 11,
        'outline-width': 3,
        'outline-color': theme.accent,
        'outline-offset': 3,
        'outline-opacity': 1,
        'font-weight': 650,
        'z-index': 10,
      },
    },
    {
      selector: 'node.match',
      style: { 'underlay-color': theme.accent, 'underlay-opacity': 0.6, 'underlay-padding': 9 },
    },
    {
      selector: '.dimmed',
      style: { opacity: 0.22 },
    },
    {
      selector: 'edge.tree',
      style: { width: 1.5, 'line-color': theme.faint },
    },
    {
      // In a small namespace a line routed down from the parent and across to the child.
      selector: 'edge.tree.routed',
      style: { 'curve-style': 'taxi', 'taxi-direction': 'downward', 'taxi-turn': '50%' },
    },
    {
      // In a large namespace (largeTree.ts) a straight line from parent to child: Cytoscape
      // computes no route for it, which at 5,000 mounts saves a third of a second per full draw.
      selector: 'edge.tree.straight',
      style: { 'curve-style': 'haystack', 'haystack-radius': 0 },
    },
    {
      selector: 'edge.peer',
      style: {
        width: 2.5,
        'line-color': 'data(color)',
        // Arched over the namespaces between the two peers; the height is set per edge.
        'curve-style': 'unbundled-bezier',
        'control-point-distances': 'data(arc)' as unknown as number[],
        'control-point-weights': [0.5],
        opacity: 0.75,
        label: 'data(label)',
        'font-family': FONT_FAMILY,
        'font-size': 10,
        'min-zoomed-font-size': 8,
        color: theme.muted,
        'text-background-color': theme.background,
        'text-background-opacity': 0.85,
        'text-background-padding': '2px',
        'text-background-shape': 'roundrectangle',
      },
    },
    {
      selector: 'edge.master',
      style: {
        width: 2,
        'line-color': 'data(color)',
        'line-style': 'dashed',
        'line-dash-pattern': [7, 5],
        // Arcs, so an arrow between trees side by side passes under the nodes between them.
        'curve-style': 'unbundled-bezier',
        'control-point-distances': [70],
        'control-point-weights': [0.5],
        'target-arrow-shape': 'triangle',
        'target-arrow-color': 'data(color)',
        'arrow-scale': 1.1,
        opacity: 0.85,
      },
    },
    {
      selector: 'edge.from',
      style: {
        width: 1.5,
        'line-color': 'data(color)',
        'line-style': 'dotted',
        'curve-style': 'bezier',
        'target-arrow-shape': 'vee',
        'target-arrow-color': 'data(color)',
        opacity: 0.7,
      },
    },
  ];
}
