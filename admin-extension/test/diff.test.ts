/** A versions diff on the canvas: the union graph of two definitions, marked as the provider's diff answer says. */
import { describe, expect, it } from 'vitest';
import { toCanvas } from '../src/designer/canvas.js';
import { diffGraph, linkKey, nodeSize, type FlowDefinition, type FlowDiff } from '../src/designer/model/index.js';

/** terms -> accepted / declined, as accept-terms. */
const v1: FlowDefinition = {
  schemaVersion: 1,
  id: 'terms',
  name: 'Terms',
  category: 'library',
  version: '1',
  start: 'terms',
  nodes: [
    { id: 'terms', type: 'terms', config: { version: 'current', title: 'Terms' } },
    { id: 'accepted', type: 'end', config: { outcome: 'success' } },
    { id: 'declined', type: 'end', config: { outcome: 'cancelled' } },
  ],
  links: [
    { from: 'terms', output: 'accepted', to: 'accepted' },
    { from: 'terms', output: 'declined', to: 'declined' },
  ],
};
/** declined replaced by refused, the terms' title changed. */
const v2: FlowDefinition = {
  ...v1,
  version: '2',
  nodes: [
    { id: 'terms', type: 'terms', config: { version: 'current', title: 'New terms' } },
    { id: 'accepted', type: 'end', config: { outcome: 'success' } },
    { id: 'refused', type: 'end', config: { outcome: 'failure', error: 'terms_declined' } },
  ],
  links: [
    { from: 'terms', output: 'accepted', to: 'accepted' },
    { from: 'terms', output: 'declined', to: 'refused' },
  ],
};
/** What the provider answers for v1 -> v2 (FlowDiff.java). */
const diff: FlowDiff = {
  nodes: { added: ['refused'], removed: ['declined'], changed: [{ id: 'terms', fields: ['config'] }] },
  links: { added: ['terms.declined->refused'], removed: ['terms.declined->declined'] },
  fields: ['version'],
  empty: false,
};
const names = { added: 'added', removed: 'removed', changed: 'changed' } as const;

const placed = (flow: FlowDefinition, at: Record<string, { x: number; y: number }>): FlowDefinition => ({
  ...flow,
  nodes: flow.nodes.map((node) => ({ ...node, ui: at[node.id] })),
});

describe('a versions diff on the canvas', () => {
  it('is the union of both graphs: the newer version, plus what it removed', () => {
    const { flow, marks } = diffGraph(v1, v2, diff);
    expect(flow.nodes.map((node) => node.id)).to.deep.equal(['terms', 'accepted', 'refused', 'declined']);
    // A changed node is drawn as the newer version has it.
    expect(flow.nodes[0]!.config).to.deep.equal({ version: 'current', title: 'New terms' });
    expect(flow.links.map(linkKey)).to.deep.equal(['terms.accepted->accepted', 'terms.declined->refused', 'terms.declined->declined']);
    expect(flow.start).to.equal('terms');
    expect(marks).to.deep.equal({
      nodes: { refused: { mark: 'added' }, declined: { mark: 'removed' }, terms: { mark: 'changed', fields: ['config'] } },
      links: { 'terms.declined->refused': 'added', 'terms.declined->declined': 'removed' },
    });
  });

  it('is drawn with every mark in words: the nodes say it, the links say it in their label and accessible name', () => {
    const { flow, marks } = diffGraph(v1, v2, diff);
    const { nodes, edges } = toCanvas(flow, { diff: { marks, names } });
    expect(nodes.map((node) => [node.id, node.data.diff])).to.deep.equal([
      ['terms', { mark: 'changed', fields: ['config'], name: 'changed' }],
      ['accepted', undefined],
      ['refused', { mark: 'added', name: 'added' }],
      ['declined', { mark: 'removed', name: 'removed' }],
    ]);
    // One port linked twice (the removed link and the added one): two edges, told apart by their target.
    expect(edges.map(({ id, label, ariaLabel, className }) => ({ id, label, ariaLabel, className }))).to.deep.equal([
      { id: 'terms.accepted->accepted', label: 'accepted', ariaLabel: 'accepted (terms → accepted)', className: undefined },
      {
        id: 'terms.declined->refused',
        label: 'declined (added)',
        ariaLabel: 'declined (added) (terms → refused)',
        className: 'io-diff-edge io-diff-edge--added',
      },
      {
        id: 'terms.declined->declined',
        label: 'declined (removed)',
        ariaLabel: 'declined (removed) (terms → declined)',
        className: 'io-diff-edge io-diff-edge--removed',
      },
    ]);
  });

  it('keeps where the versions placed the nodes, unless two of the union overlap: then it is laid out anew', () => {
    const apart = diffGraph(
      placed(v1, { terms: { x: 0, y: 0 }, accepted: { x: 0, y: 200 }, declined: { x: 300, y: 200 } }),
      placed(v2, { terms: { x: 0, y: 0 }, accepted: { x: 0, y: 200 }, refused: { x: 600, y: 200 } }),
      diff,
    );
    expect(apart.flow.nodes.map((node) => node.ui)).to.deep.equal([
      { x: 0, y: 0 },
      { x: 0, y: 200 },
      { x: 600, y: 200 },
      { x: 300, y: 200 },
    ]);

    // refused took declined's place: drawn there, the removed node would hide under the added one.
    const replaced = diffGraph(
      placed(v1, { terms: { x: 0, y: 0 }, accepted: { x: 0, y: 200 }, declined: { x: 300, y: 200 } }),
      placed(v2, { terms: { x: 0, y: 0 }, accepted: { x: 0, y: 200 }, refused: { x: 310, y: 210 } }),
      diff,
    );
    expect(replaced.flow.nodes.every((node) => node.ui === undefined)).to.equal(true);
    const boxes = toCanvas(replaced.flow).nodes.map((node) => node.position);
    const overlap = boxes.some((a, index) => boxes.slice(index + 1).some((b) => Math.abs(a.x - b.x) < nodeSize.width && Math.abs(a.y - b.y) < nodeSize.height));
    expect(overlap).to.equal(false);
  });

  it('marks nothing when only top-level fields differ (they are listed above the graph)', () => {
    const renamed = { ...v1, name: 'Renamed' };
    const { flow, marks } = diffGraph(v1, renamed, {
      nodes: { added: [], removed: [], changed: [] },
      links: { added: [], removed: [] },
      fields: ['name'],
      empty: false,
    });
    expect(flow.nodes).to.have.length(3);
    expect(marks).to.deep.equal({ nodes: {}, links: {} });
    expect(toCanvas(flow, { diff: { marks, names } }).edges.map((edge) => edge.label)).to.deep.equal(['accepted', 'declined']);
  });
});
