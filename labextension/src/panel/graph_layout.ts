// Lays out the cell graph in layers, top to bottom, with dagre (a Sugiyama
// layout: cycles broken, ranks, crossings reduced, edge labels placed as
// nodes of their own so they never sit on a cell).

import dagre from '@dagrejs/dagre';

export interface LayoutInput {
  nodes: { id: string; label: string }[];
  edges: { from: string; to: string; label: string }[];
}

export interface Box {
  x: number;  // top-left corner
  y: number;
  width: number;
  height: number;
}

export interface PlacedNode extends Box {
  id: string;
  label: string;
}

export interface PlacedEdge {
  from: string;
  to: string;
  label: string;
  points: { x: number; y: number }[];
  labelBox: Box | null;
}

export interface Layout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

// Text is drawn in the code font at 11px: about 6.7px a character.
export const CHAR_WIDTH = 6.7;
export const NODE_HEIGHT = 24;
export const NODE_CHARS = 24;
export const EDGE_LABEL_CHARS = 20;
const PADDING = 8;
const MARGIN = 12;

export function truncate(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}

function textWidth(text: string): number {
  return Math.ceil(text.length * CHAR_WIDTH);
}

export function layoutGraph(input: LayoutInput): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 16, ranksep: 28, edgesep: 8, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of input.nodes) {
    g.setNode(node.id, { width: textWidth(truncate(node.label, NODE_CHARS)) + 2 * PADDING, height: NODE_HEIGHT });
  }
  for (const edge of input.edges) {
    const text = truncate(edge.label, EDGE_LABEL_CHARS);
    g.setEdge(edge.from, edge.to, { width: textWidth(text) + 4, height: 14, labelpos: 'c' });
  }
  dagre.layout(g);
  const nodes = input.nodes.map((node) => {
    const n = g.node(node.id);
    return { id: node.id, label: node.label, x: n.x! - n.width / 2, y: n.y! - n.height / 2, width: n.width, height: n.height };
  });
  const edges = input.edges.map((edge) => {
    const e = g.edge(edge.from, edge.to);
    const labelBox = e.x === undefined || !edge.label ? null : {
      x: e.x - e.width! / 2, y: e.y! - e.height! / 2, width: e.width!, height: e.height!,
    };
    return { ...edge, points: e.points ?? [], labelBox };
  });
  const graph = g.graph();
  return { width: graph.width ?? 0, height: graph.height ?? 0, nodes, edges };
}

// A key that changes exactly when the layout would: the panel lays out again
// only then, and otherwise just restyles the nodes.
export function layoutKey(input: LayoutInput): string {
  return JSON.stringify(input);
}
