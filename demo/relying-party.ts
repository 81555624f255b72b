/**
 * The demo relying party: a public OIDC client doing authorization code + PKCE (S256) with
 * `state` and `nonce`, through openid-client. The stack's demo app and the end-to-end tests use
 * the same code, so what the tests prove is what a person sees.
 */
import * as oidc from 'openid-client';

export interface RelyingPartyOptions {
  issuer: string;
  clientId: string;
  redirectUri: string;
  scope?: string;
}

/** What the relying party keeps between sending the browser away and its return. */
export interface PendingLogin {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface RelyingParty {
  config: oidc.Configuration;
  beginLogin(): Promise<PendingLogin>;
  /** Exchanges the code in `callbackUrl`, checking state, nonce and the PKCE verifier. */
  completeLogin(callbackUrl: URL, pending: PendingLogin): Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers>;
}

export async function createRelyingParty(options: RelyingPartyOptions): Promise<RelyingParty> {
  const issuer = new URL(options.issuer);
  // Plain http is only for loopback development setups.
  const execute = issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [];
  const config = await oidc.discovery(issuer, options.clientId, undefined, oidc.None(), { execute });

  return {
    config,
    async beginLogin() {
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: options.scope ?? 'openid profile email',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url, state, nonce, codeVerifier };
    },
    completeLogin(callbackUrl, pending) {
      return oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    },
  };
}
