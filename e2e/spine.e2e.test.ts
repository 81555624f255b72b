/**
 * The spine, end to end with real parts: a real Keycloak hands the login to the bridge, the bridge
 * runs the demo journey in Chromium, and Keycloak resumes the same authentication session with the
 * bridge's signed evidence. Then every way evidence can be wrong must stop the login.
 */
import { expect } from 'chai';
import { generateKeyPair, type JWTPayload } from 'jose';
import { getStack } from './support/stack.js';
import { forgeEvidenceOf } from './support/evidence.js';
import { adminClient, userSessionIds } from './support/admin.js';
import { getRelyingParty, journeysClosedAfterEach, submitProfile, TEST_USER } from './support/journey.js';

const EVIDENCE_REJECTED = 'could not verify the result of your identity journey';

describe('the spine: Keycloak -> bridge -> Keycloak', function () {
  this.timeout(120_000);

  const journey = journeysClosedAfterEach();

  describe('a successful journey', () => {
    it('resumes the same authentication session and issues a code the client redeems with its PKCE verifier', async () => {
      const { callback } = getStack();
      const admin = await adminClient();
      const sessionsBefore = await userSessionIds(admin);

      const run = await journey();
      await submitProfile(run, 'Acme Rockets');

      const callbackUrl = new URL(run.page.url());
      expect(callbackUrl.href.startsWith(callback.redirectUri), `ended on ${callbackUrl.href}`).to.equal(true);
      expect(callbackUrl.searchParams.get('state')).to.equal(run.pending.state);
      expect(callbackUrl.searchParams.get('code')).to.be.a('string');

      // openid-client checks state, nonce, PKCE and the ID token signature; we assert the essentials again.
      const tokens = await (await getRelyingParty()).completeLogin(callbackUrl, run.pending);
      const claims = tokens.claims()!;
      expect(claims.nonce).to.equal(run.pending.nonce);
      expect(claims.company, 'claim from the journey through a session note and a mapper').to.equal('Acme Rockets');
      expect(claims.preferred_username).to.equal(TEST_USER.username);
      expect(claims.io_correlation_id).to.be.a('string').and.not.empty;

      // The same login: one credential submission, one evidence, one new Keycloak session, the token's.
      expect(run.credentialPosts).to.have.length(1);
      expect(run.evidencePosts).to.have.length(1);
      const newSessions = (await userSessionIds(admin)).filter((id) => !sessionsBefore.includes(id));
      expect(newSessions).to.deep.equal([claims.sid]);
    });

    it('refuses the same evidence posted a second time and issues no code', async () => {
      const { callback } = getStack();
      const run = await journey();
      await submitProfile(run, 'Replay Inc');
      expect(run.page.url().startsWith(callback.redirectUri)).to.equal(true);
      const hitsAfterFirst = callback.hits.length;

      const [evidencePost] = run.evidencePosts;
      const replay = await run.context.request.post(evidencePost!.url(), {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        data: evidencePost!.postData()!,
        maxRedirects: 0,
      });
      // Keycloak may answer with an error page or send the browser back to the client with an
      // OAuth error; what it must never do is issue a code for the replayed evidence.
      const location = new URL(replay.headers().location ?? '/', getStack().keycloak.url);
      expect(location.searchParams.has('code'), `replay redirected to ${location.href}`).to.equal(false);
      if (location.href.startsWith(callback.redirectUri)) {
        expect(location.searchParams.get('error')).to.be.a('string');
      } else {
        expect(replay.status()).to.be.at.least(400);
      }
      expect(callback.hits.length).to.equal(hitsAfterFirst);
    });
  });

  describe('evidence that is wrong in one respect is refused and no code is issued', () => {
    async function expectRefused(mutate: (claims: JWTPayload) => void, signWith?: () => Promise<CryptoKey>) {
      const { callback } = getStack();
      const run = await journey();
      await forgeEvidenceOf(run.page, mutate, signWith ? await signWith() : undefined);
      const hitsBefore = callback.hits.length;

      await submitProfile(run, 'Forgery Ltd');

      expect(run.page.url().startsWith(callback.redirectUri), `ended on ${run.page.url()}`).to.equal(false);
      expect(await run.page.textContent('body')).to.contain(EVIDENCE_REJECTED);
      expect(callback.hits.length).to.equal(hitsBefore);
      expect(run.evidencePosts).to.have.length(1);
    }

    it("a signature from a key that is not the bridge's", () =>
      expectRefused(
        () => {},
        async () => (await generateKeyPair('ES256')).privateKey,
      ));

    it('the wrong audience', () =>
      expectRefused((claims) => {
        claims.aud = 'http://127.0.0.1:18080/realms/other';
      }));

    it("another login's nonce", () =>
      expectRefused((claims) => {
        claims.nonce = 'not-this-logins-nonce';
      }));

    it("another tab's tab_id", () =>
      expectRefused((claims) => {
        claims.tab_id = 'another-tab';
      }));

    it('an iat in the future (protocol 1.2)', () =>
      expectRefused((claims) => {
        const now = Math.floor(Date.now() / 1000);
        claims.iat = now + 300;
        claims.exp = now + 360;
      }));

    it('an nbf in the future (protocol 1.2)', () =>
      expectRefused((claims) => {
        claims.nbf = Math.floor(Date.now() / 1000) + 300;
      }));

    it('an expired token', () =>
      expectRefused((claims) => {
        const now = Math.floor(Date.now() / 1000);
        claims.iat = now - 300;
        claims.exp = now - 120;
      }));
  });
});
