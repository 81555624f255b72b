import type { NodeType } from '../../engine/node-type.js';
import { callFlowNode } from './call-flow-node.js';
import { httpRequestNode } from './http-request-node.js';
import { keycloakMembershipNode } from './keycloak-membership-node.js';
import { keycloakOrganizationNode } from './keycloak-organization-node.js';
import { keycloakUserNode } from './keycloak-user-node.js';
import { sendEmailNode } from './send-email-node.js';

/** Integration node types (HTTP, Keycloak users and organizations, email, library flows); each reads its own config type. */
export const integrationNodeTypes = [
  httpRequestNode,
  keycloakUserNode,
  keycloakMembershipNode,
  keycloakOrganizationNode,
  sendEmailNode,
  callFlowNode,
] as NodeType[];
