import type { FlowContext } from '../engine/execution.js';
import type { HandoffClaims } from '../handoff/handoff-claims.js';

/** Facts about the request that opened the journey. */
export interface ArrivalRequest {
  clientIp?: string;
  userAgent?: string;
}

/** The read-only context of an execution: the verified handoff plus the arriving request. */
export function flowContextOf(claims: HandoffClaims, request: ArrivalRequest): FlowContext {
  const { user = {} } = claims;
  const context: FlowContext = {
    issuer: claims.iss,
    realm: claims.realm,
    client: { id: claims.azp },
    ...(claims.sub
      ? {
          user: withoutUndefined({
            id: claims.sub,
            username: user.username,
            email: user.email,
            givenName: user.given_name,
            familyName: user.family_name,
          }) as NonNullable<FlowContext['user']>,
        }
      : {}),
    locale: claims.locale,
    acr: claims.acr,
    clientIp: request.clientIp,
    userAgent: request.userAgent?.slice(0, 512),
    obligations: claims.obligations,
  };
  return withoutUndefined(context) as FlowContext;
}

function withoutUndefined(value: object): object {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
