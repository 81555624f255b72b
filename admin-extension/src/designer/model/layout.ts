/** Auto-layout with dagre: top to bottom from the start node, one rank per step. */
import dagre from '@dagrejs/dagre';
import type { FlowDefinition } from './flow.js';

/** The size the canvas draws a node at (layout keeps this much room around each). */
export const nodeSize = { width: 220, height: 72 } as const;

/** Every node gets a `ui` position; nodes and links are otherwise unchanged. */
export function autoLayout(flow: FlowDefinition): FlowDefinition {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 72, marginx: 24, marginy: 24 });
  graph.setDefaultEdgeLabel(() => ({}));
  // The start node first, so dagre ranks it at the top even inside a loop.
  const ordered = [...flow.nodes].sort((a, b) => Number(b.id === flow.start) - Number(a.id === flow.start));
  for (const node of ordered) graph.setNode(node.id, { width: nodeSize.width, height: nodeSize.height });
  for (const link of flow.links) {
    if (graph.hasNode(link.from) && graph.hasNode(link.to)) graph.setEdge(link.from, link.to, {}, link.output);
  }
  dagre.layout(graph);
  return {
    ...flow,
    nodes: flow.nodes.map((node) => {
      const { x, y } = graph.node(node.id);
      // dagre places centres; the canvas places top-left corners.
      return { ...node, ui: { x: Math.round(x - nodeSize.width / 2), y: Math.round(y - nodeSize.height / 2) } };
    }),
  };
}
