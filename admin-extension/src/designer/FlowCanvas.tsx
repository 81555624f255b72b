/** The canvas of a flow definition (nodes and edges from `toCanvas`): reactflow with IO's node view and styles. */
import { useTranslation } from 'react-i18next';
import ReactFlow, { Background, Controls, type ReactFlowProps } from 'reactflow';
import 'reactflow/dist/style.css';
import { FlowNode } from './FlowNode.js';
import './designer.css';

const nodeTypes = { io: FlowNode };

/** reactflow with IO's node view, background, zoom/fit controls; editing is whatever the props allow. */
export function FlowCanvas(props: ReactFlowProps) {
  const { t } = useTranslation();
  return (
    <ReactFlow nodeTypes={nodeTypes} fitView aria-label={t('ioDesigner.canvas', 'Flow canvas')} {...props}>
      <Background />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
