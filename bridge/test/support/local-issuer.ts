import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/** More of Keycloak on the same server (e.g. its token and admin endpoints); true when it answered. */
export type ExtraRoutes = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * A stand-in Keycloak realm on loopback: serves its JWKS and signs handoffs with its RS256 key;
 * `routes` answers anything else it knows.
 */
export class LocalIssuer {
  /** How many times the JWKS was fetched (a verifier must cache it). */
  jwksRequests = 0;

  private constructor(
    readonly realm: string,
    readonly issuer: string,
    private readonly server: Server,
    private readonly privateKey: CryptoKey,
    readonly kid: string,
  ) {}

  static async start(realm = 'test', routes?: ExtraRoutes): Promise<LocalIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const kid = `kid-${crypto.randomUUID()}`;
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } satisfies JWK] };
    let issuer: LocalIssuer | undefined;
    const server = createServer((req, res) => {
      if (req.url === `/realms/${realm}/protocol/openid-connect/certs`) {
        if (issuer) issuer.jwksRequests++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
      } else if (!routes?.(req, res)) {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    issuer = new LocalIssuer(realm, `http://127.0.0.1:${port}/realms/${realm}`, server, privateKey, kid);
    return issuer;
  }

  /** Claims of a valid handoff for `audience`; override any of them per test. */
  claims(audience: string, overrides: JWTPayload = {}): JWTPayload {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: this.issuer,
      aud: audience,
      iat: now,
      exp: now + 120,
      jti: crypto.randomUUID(),
      sub: 'user-123',
      azp: 'demo-app',
      realm: this.realm,
      tab_id: 'tab-abc',
      nonce: 'nonce-xyz',
      flow: 'demo-profile',
      // What Keycloak grants the demo-profile flow (its declared permissions).
      grants: [{ type: 'set_session_note', names: ['company'] }],
      locale: 'en',
      return_uri: `${this.issuer}/login-actions/authenticate?session_code=sc&execution=ex&client_id=demo-app&tab_id=tab-abc`,
      ...overrides,
    };
  }

  async sign(payload: JWTPayload, header: Record<string, unknown> = {}, key: CryptoKey = this.privateKey): Promise<string> {
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'io-handoff+jwt', ...header }).sign(key);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
