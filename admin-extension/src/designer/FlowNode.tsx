/**
 * A node on the canvas: its id, type and name, one target handle, one named handle per output port,
 * its issues; in read-only views its funnel numbers or its diff mark.
 */
import { Icon, Label, Tooltip } from '@patternfly/react-core';
import { ExclamationCircleIcon, MinusCircleIcon, PencilAltIcon, PlusCircleIcon } from '@patternfly/react-icons';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Handle, Position, type NodeProps } from 'reactflow';
import type { DiffMark, NodeDefinition, NodeKind, ValidationIssue } from './model/index.js';
import { nodeSize } from './model/index.js';

export interface FlowNodeData {
  node: NodeDefinition;
  kind?: NodeKind;
  ports: string[];
  issues: ValidationIssue[];
  isStart: boolean;
  /** Funnel numbers (read-only views): journeys that reached the node and left it by each port. */
  counts?: NodeCounts;
  /** A version diff's mark (`name`: its word in the admin's language) and, when changed, the fields that differ. */
  diff?: { mark: DiffMark; name: string; fields?: readonly string[] };
}

/** The diff marks' PatternFly colours and icons (the legend shows the same). */
export const diffLook = {
  added: { color: 'green', icon: <PlusCircleIcon /> },
  removed: { color: 'red', icon: <MinusCircleIcon /> },
  changed: { color: 'orange', icon: <PencilAltIcon /> },
} as const;

export interface NodeCounts {
  reached: number;
  left: Record<string, number>;
}

function FlowNodeView({ data, selected }: NodeProps<FlowNodeData>) {
  const { t } = useTranslation();
  const { node, kind, ports, issues, isStart, counts, diff } = data;
  const label = t('ioDesigner.nodeLabel', 'Node {{id}} ({{type}})', { id: node.id, type: node.type });
  const diffText = diff && (diff.fields?.length ? `${diff.name}: ${diff.fields.join(', ')}` : diff.name);
  return (
    <div
      data-testid={`node-${node.id}`}
      className={`io-designer-node io-designer-node--${kind ?? 'unknown'}${selected ? ' io-designer-node--selected' : ''}${issues.length > 0 ? ' io-designer-node--invalid' : ''}${diff ? ` io-designer-node--${diff.mark}` : ''}`}
      style={{ width: nodeSize.width, minHeight: nodeSize.height }}
      aria-label={diffText ? `${label}, ${diffText}` : label}
    >
      <Handle
        type="target"
        position={Position.Top}
        data-testid={`target-${node.id}`}
        aria-label={t('ioDesigner.targetLabel', 'Into {{id}}', { id: node.id })}
      />
      <div className="io-designer-node__title">
        <strong>{node.name ?? node.id}</strong>
        {isStart && <span className="io-designer-node__start">{t('ioDesigner.start', 'start')}</span>}
      </div>
      <div className="io-designer-node__type">
        {node.type}
        {node.name && ` · ${node.id}`}
      </div>
      {diff && (
        <Label isCompact color={diffLook[diff.mark].color} icon={diffLook[diff.mark].icon} data-testid={`diff-${node.id}`} data-mark={diff.mark}>
          {diffText}
        </Label>
      )}
      {counts && (
        <div className="io-designer-node__count" data-testid={`reached-${node.id}`}>
          {t('ioReachedN', { count: counts.reached })}
        </div>
      )}
      {issues.length > 0 && (
        <Tooltip
          content={
            <ul>
              {issues.map((issue, index) => (
                <li key={index}>{`${issue.field}: ${issue.message}`}</li>
              ))}
            </ul>
          }
        >
          <div className="io-designer-node__issues" data-testid={`issue-${node.id}`} role="status" tabIndex={0}>
            <Icon status="danger" size="sm">
              <ExclamationCircleIcon />
            </Icon>{' '}
            {issues.length === 1 ? issues[0]!.message : t('ioDesigner.issueCount', '{{count}} problems', { count: issues.length })}
          </div>
        </Tooltip>
      )}
      <div className="io-designer-node__ports">
        {ports.map((port, index) => (
          <div key={port} className="io-designer-node__port" style={{ left: `${((index + 1) * 100) / (ports.length + 1)}%` }}>
            <span>{port}</span>
            <Handle
              type="source"
              position={Position.Bottom}
              id={port}
              data-testid={`port-${node.id}-${port}`}
              aria-label={t('ioDesigner.portLabel', 'Port {{port}} of {{id}}', { port, id: node.id })}
            />
          </div>
        ))}
      </div>
    </div>
  );
}

export const FlowNode = memo(FlowNodeView);
