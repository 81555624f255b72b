import type { NodeType, NodeTypeRegistry } from '../engine/node-type.js';
import { setVariablesNode } from './backend/set-variables.js';
import { obligationEvidenceNode } from './backend/obligation-evidence.js';
import { generateValueNode } from './backend/generate-value.js';
import { policyCheckNode } from './backend/policy-check.js';
import { redirectNode } from './backend/redirect.js';
import { abSplitNode } from './decision/ab-split.js';
import { conditionNode } from './decision/condition.js';
import { switchNode } from './decision/switch.js';
import { endNode } from './end.js';
import { choiceNode } from './frontend/choice.js';
import { consentNode } from './frontend/consent.js';
import { formNode } from './frontend/form.js';
import { messageNode } from './frontend/message.js';
import { otpNode } from './frontend/otp.js';
import { termsNode } from './frontend/terms.js';
import { integrationNodeTypes } from './integration/index.js';

/** Node types by name; flows may only use registered types. */
export class NodeRegistry implements NodeTypeRegistry {
  private readonly byType = new Map<string, NodeType>();

  register<Config>(nodeType: NodeType<Config>): this {
    if (this.byType.has(nodeType.type)) throw new Error(`node type "${nodeType.type}" is registered twice`);
    // Each type checks its own config type; the registry hands configs validated against its schema.
    this.byType.set(nodeType.type, nodeType as unknown as NodeType);
    return this;
  }

  get(type: string): NodeType | undefined {
    return this.byType.get(type);
  }

  types(): string[] {
    return [...this.byType.keys()];
  }

  all(): NodeType[] {
    return [...this.byType.values()];
  }
}

/** The node types shipped with the bridge, in catalogue order. */
export function builtInNodeTypes(): NodeRegistry {
  const registry = new NodeRegistry();
  const ours = [
    formNode,
    messageNode,
    choiceNode,
    termsNode,
    consentNode,
    otpNode,
    setVariablesNode,
    generateValueNode,
    policyCheckNode,
    redirectNode,
    obligationEvidenceNode,
    conditionNode,
    switchNode,
    abSplitNode,
    endNode,
  ];
  for (const nodeType of ours) registry.register(nodeType as unknown as NodeType);
  for (const nodeType of integrationNodeTypes) registry.register(nodeType);
  return registry;
}
