// Draws a laid-out cell graph as SVG. Nodes and edges carry their cell ids in
// data attributes; their look (status, selection, neighbourhood) is classes
// styled with JupyterLab's theme variables (style/panel.css), so restyling
// needs no new drawing.

import { EDGE_LABEL_CHARS, Layout, NODE_CHARS, truncate } from './graph_layout';

const SVG_NS = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    element.setAttribute(name, String(value));
  }
  return element;
}

function titled(element: SVGElement, text: string): void {
  const title = svg('title');
  title.textContent = text;
  element.appendChild(title);
}

// A smooth path through dagre's points.
function edgePath(points: { x: number; y: number }[]): string {
  if (points.length === 0) {
    return '';
  }
  let d = `M${points[0].x},${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const mid = { x: (points[i].x + points[i + 1].x) / 2, y: (points[i].y + points[i + 1].y) / 2 };
    d += ` Q${points[i].x},${points[i].y} ${mid.x},${mid.y}`;
  }
  const last = points[points.length - 1];
  return `${d} L${last.x},${last.y}`;
}

// `titles` give each node's and edge's hover text, by node id and by
// `from\nto`.
export function drawGraph(layout: Layout, titles: Map<string, string>): SVGSVGElement {
  const root = svg('svg', {
    class: 'xdeps-panel-graph', width: Math.ceil(layout.width), height: Math.ceil(layout.height),
    viewBox: `0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`,
  });
  const defs = svg('defs');
  const marker = svg('marker', {
    id: 'xdeps-panel-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto',
  });
  marker.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'xdeps-panel-arrowhead' }));
  defs.appendChild(marker);
  root.appendChild(defs);

  const edges = svg('g', { class: 'xdeps-panel-edges' });
  for (const edge of layout.edges) {
    const group = svg('g', { class: 'xdeps-panel-edge' });
    group.dataset.from = edge.from;
    group.dataset.to = edge.to;
    titled(group, titles.get(`${edge.from}\n${edge.to}`) ?? edge.label);
    group.appendChild(svg('path', { d: edgePath(edge.points), 'marker-end': 'url(#xdeps-panel-arrow)' }));
    if (edge.labelBox) {
      const box = edge.labelBox;
      group.appendChild(svg('rect', { x: box.x, y: box.y, width: box.width, height: box.height, rx: 3 }));
      const text = svg('text', { x: box.x + box.width / 2, y: box.y + box.height / 2 });
      text.textContent = truncate(edge.label, EDGE_LABEL_CHARS);
      group.appendChild(text);
    }
    edges.appendChild(group);
  }
  root.appendChild(edges);

  const nodes = svg('g', { class: 'xdeps-panel-nodes' });
  for (const node of layout.nodes) {
    const group = svg('g', { class: 'xdeps-panel-node', transform: `translate(${node.x},${node.y})` });
    group.dataset.cellId = node.id;
    titled(group, titles.get(node.id) ?? node.label);
    group.appendChild(svg('rect', { width: node.width, height: node.height, rx: 4 }));
    const text = svg('text', { x: 8, y: node.height / 2 });
    text.textContent = truncate(node.label, NODE_CHARS);
    group.appendChild(text);
    nodes.appendChild(group);
  }
  root.appendChild(nodes);
  return root;
}
