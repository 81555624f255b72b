/**
 * Journey 1 of issue 11, the B2B partner sign-up with Keycloak Organizations, in real Chromium
 * through real Keycloak (realm b2b, e2e/support/b2b.ts): Register on the portal's login page runs
 * the IO journey partner-signup as the realm's registration flow; the code comes from a real SMTP
 * server; every result is checked in Keycloak (user, organization, domain, membership, group,
 * role, email verified) and the login ends with an ID token for the new user.
 */
import { expect } from 'chai';
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { join } from 'node:path';
import {
  b2bAdmin,
  b2bApi,
  b2bParty,
  b2bRealmAdmin,
  openRegistration,
  organizationsOf,
  PARTNER_PASSWORD,
  pointRealmMailAtMailbox,
  proveEmail,
  publishPartnerSignup,
  removeCompany,
  requestPartnership,
  setPassword,
  signInAgain,
  submit,
  uniqueCompany,
  useRegistrationMode,
  usersWithEmail,
  type SignupRun,
} from './support/b2b.js';
import { ioApi } from './support/io-admin.js';
import { repoRoot } from './support/keycloak.js';
import { getStack } from './support/stack.js';

const screenshot = (run: SignupRun, name: string) => run.page.screenshot({ path: join(repoRoot, 'docs', 'images', `journey-partner-signup${name}.png`) });

describe('journey: B2B partner sign-up with Keycloak Organizations (realm b2b)', () => {
  let admin: KcAdminClient;
  const runs: SignupRun[] = [];
  const companies: Array<{ domain: string; email: string }> = [];

  /** A company of its own for the test, removed after it. */
  const company = (label: string) => {
    const made = uniqueCompany(label);
    companies.push(made);
    return made;
  };
  const register = async () => {
    const run = await openRegistration();
    runs.push(run);
    return run;
  };

  before(async () => {
    await pointRealmMailAtMailbox();
    admin = await b2bAdmin();
  });
  beforeEach(async () => {
    admin = await b2bAdmin();
  });
  afterEach(async () => {
    await Promise.all(runs.splice(0).map((run) => run.context.close()));
    for (const made of companies.splice(0)) await removeCompany(made);
  });

  /** The organization of `domain` with its members, and the user's groups in it and realm roles. */
  async function inKeycloak(domain: string, email: string) {
    const [user] = await usersWithEmail(admin, email);
    const organizations = await organizationsOf(admin, domain);
    const organization = organizations[0] && (await admin.organizations.findOne({ id: organizations[0].id! }));
    const members = organization ? await admin.organizations.listMembers({ orgId: organization.id! }) : [];
    const groups = organization && user ? await admin.organizations.groups(organization.id!).listOrgGroups({ id: user.id! }) : [];
    const roles = user ? (await admin.users.listRealmRoleMappings({ id: user.id! })).map((role) => role.name) : [];
    return { user, organizations, organization, members, groups, roles };
  }

  describe('registration mode open', () => {
    before(() => useRegistrationMode('open'));

    it('creates the partner admin, the organization with its domain, the membership in its Admins group and the role, verifies the email, and signs in exactly that user', async () => {
      const acme = company('acme');
      const run = await register();
      await screenshot(run, '');
      await proveEmail(run.page, acme);
      await screenshot(run, '-credential');
      await submit(run.page, 'button[name="choice"][value="password"]');

      // Keycloak's own required action sets the password, under the realm's policy.
      expect(new URL(run.page.url()).origin).to.equal(getStack().keycloak.url);
      await setPassword(run.page);
      const callback = new URL(run.page.url());
      expect(callback.href.startsWith(getStack().callback.redirectUri), `at the client: ${callback.href}`).to.equal(true);
      const tokens = await (await b2bParty()).completeLogin(callback, run.pending);

      const { user, organizations, organization, members, groups, roles } = await inKeycloak(acme.domain, acme.email);
      expect(user, 'the user the journey created').to.include({
        username: acme.email,
        email: acme.email,
        emailVerified: true,
        enabled: true,
        firstName: 'Pat',
        lastName: 'Lee',
      });
      expect(user!.requiredActions ?? []).to.deep.equal([]);
      expect(user!.attributes?.['io.journey']).to.have.length(1);
      expect(organizations).to.have.length(1);
      expect(organization).to.deep.include({ name: acme.name, enabled: true });
      expect(organization!.domains).to.deep.equal([{ name: acme.domain, verified: false }]);
      expect(organization!.attributes?.['io.journey'], 'the same journey made both').to.deep.equal(user!.attributes?.['io.journey']);
      expect(members.map((member) => member.id)).to.deep.equal([user!.id]);
      expect(groups.map((group) => group.name)).to.deep.equal(['Admins']);
      expect(roles).to.include('partner');
      const credentials = await admin.users.getCredentials({ id: user!.id! });
      expect(credentials.map((credential) => credential.type)).to.deep.equal(['password']);

      const claims = tokens.claims()!;
      expect(claims.sub, "the ID token is the new user's").to.equal(user!.id);
      expect(claims['email']).to.equal(acme.email);
      expect(claims['email_verified']).to.equal(true);

      // And the partner signs in again with the password they chose.
      expect((await signInAgain(acme.email, PARTNER_PASSWORD)).sub).to.equal(user!.id);
    });

    it('routes an address whose domain an organization has to "ask your admin to invite you", creating nothing', async () => {
      const globex = company('globex');
      const { id } = await admin.organizations.create({ name: globex.name, alias: globex.domain, domains: [{ name: globex.domain, verified: false }] });
      const run = await register();
      await proveEmail(run.page, globex);
      expect(await run.page.locator('h1').innerText()).to.equal('Your company is a partner already');
      expect(await run.page.locator('.io-intro').innerText()).to.contain(`Ask an administrator of ${globex.name} to invite you`);
      await screenshot(run, '-ask-your-admin');
      await submit(run.page);
      expect(await run.page.locator('body').innerText()).to.contain('partner_domain_taken');

      expect(await usersWithEmail(admin, globex.email)).to.deep.equal([]);
      expect((await organizationsOf(admin, globex.domain)).map((organization) => organization.id)).to.deep.equal([id]);
      expect(await admin.organizations.listMembers({ orgId: id })).to.deep.equal([]);
    });

    it('removes the user, the organization and the membership when the last step fails (the realm lacks the role the flow grants)', async () => {
      await publishPartnerSignup('the last step grants a role the realm does not have', (definition) => {
        const role = (definition['nodes'] as Array<{ id: string; config: any }>).find((node) => node.id === 'partner-role')!;
        role.config.add.roles = ['partner-missing'];
      });
      try {
        const initech = company('initech');
        const run = await register();
        await proveEmail(run.page, initech);
        await submit(run.page, 'button[name="choice"][value="password"]');
        expect(await run.page.locator('body').innerText()).to.contain('partner_signup_failed');
        // The bridge's record of the journey: the user, the organization and the membership were made, the role failed.
        const [journey] = (await b2bApi('GET', '/flows/partner-signup/executions?limit=1')).body.executions as Array<{
          error: string;
          trace: Array<{ nodeId: string; result: string }>;
        }>;
        expect(journey!.error).to.equal('partner_signup_failed');
        expect(
          journey!.trace
            .filter((step) => ['user', 'organization', 'membership', 'partner-role'].includes(step.nodeId))
            .map((step) => `${step.nodeId} ${step.result}`),
        ).to.deep.equal(['user success', 'organization success', 'membership success', 'partner-role failure']);

        const { user, organizations } = await inKeycloak(initech.domain, initech.email);
        expect(user, 'no user left').to.equal(undefined);
        expect(organizations, 'no organization left').to.deep.equal([]);
        const everyOrganization = await admin.organizations.find({ max: 1000 });
        for (const organization of everyOrganization) {
          const members = await admin.organizations.listMembers({ orgId: organization.id! });
          expect(
            members.map((member) => member.email),
            `no membership left in ${organization.name}`,
          ).not.to.include(initech.email);
        }
      } finally {
        await useRegistrationMode('open');
      }
    });
  });

  describe('registration mode invite-only', () => {
    before(() => useRegistrationMode('invite-only'));
    after(() => useRegistrationMode('open'));

    /** What the hub operator does: the partner's organization with its domain, and Keycloak's invitation of `email` (its mail read). */
    async function hubInvites(made: { name: string; domain: string }, email: string): Promise<string> {
      const { id } = await admin.organizations.create({ name: made.name, alias: made.domain, domains: [{ name: made.domain, verified: false }] });
      await invite(id, email);
      return id;
    }
    async function invite(orgId: string, email: string): Promise<void> {
      const form = new FormData();
      form.append('email', email);
      await admin.organizations.invite({ orgId }, form);
      // Keycloak mails the invitation (its own link); read it, so the journey's code mail comes next.
      await getStack().mailbox.nextMail(email);
    }

    it('signs up the person an organization invited: a member of that organization (its first, so in Admins), the invitation consumed, signed in', async () => {
      const wayne = company('wayne');
      const orgId = await hubInvites(wayne, wayne.email);
      expect((await admin.organizations.listInvitations({ orgId })).map((invitation) => [invitation.email, invitation.status])).to.deep.equal([
        [wayne.email, 'PENDING'],
      ]);

      const run = await register();
      await proveEmail(run.page, wayne);
      await submit(run.page, 'button[name="choice"][value="password"]');
      await setPassword(run.page);
      const callback = new URL(run.page.url());
      expect(callback.href.startsWith(getStack().callback.redirectUri), `at the client: ${callback.href}`).to.equal(true);
      const tokens = await (await b2bParty()).completeLogin(callback, run.pending);

      const { user, organizations, organization, members, groups, roles } = await inKeycloak(wayne.domain, wayne.email);
      expect(user).to.include({ username: wayne.email, email: wayne.email, emailVerified: true, enabled: true });
      expect(user!.attributes?.['io.approval']).to.equal(undefined);
      expect(
        organizations.map((entry) => entry.id),
        'no organization of its own',
      ).to.deep.equal([orgId]);
      expect(organization!.attributes?.['io.journey'], "the hub's organization, not the journey's").to.equal(undefined);
      expect(members.map((member) => member.id)).to.deep.equal([user!.id]);
      expect(groups.map((group) => group.name)).to.deep.equal(['Admins']);
      expect(roles).to.include('partner');
      expect(await admin.organizations.listInvitations({ orgId }), "Keycloak's invitation is consumed").to.deep.equal([]);
      expect(tokens.claims()!.sub).to.equal(user!.id);
    });

    it('makes a later invitee of the organization a plain member', async () => {
      const wayne = company('wayne');
      const orgId = await hubInvites(wayne, wayne.email);
      const { id: firstId } = await admin.users.create({ username: `bruce@${wayne.domain}`, email: `bruce@${wayne.domain}`, enabled: true });
      await admin.organizations.addMember({ orgId, userId: firstId! });
      try {
        const run = await register();
        await proveEmail(run.page, wayne);
        await submit(run.page, 'button[name="choice"][value="password"]');
        await setPassword(run.page);
        const { user, members, groups } = await inKeycloak(wayne.domain, wayne.email);
        expect(members.map((member) => member.id).sort()).to.deep.equal([firstId, user!.id].sort());
        expect(groups).to.deep.equal([]);
        expect(await admin.organizations.listInvitations({ orgId })).to.deep.equal([]);
      } finally {
        await admin.users.del({ id: firstId! });
      }
    });

    it('answers an address nobody invited "by invitation", at a partner\'s domain too, creating nothing', async () => {
      const umbrella = company('umbrella');
      const run = await register();
      await proveEmail(run.page, umbrella);
      expect(await run.page.locator('h1').innerText()).to.equal('Partner sign-up is by invitation');
      await submit(run.page);
      expect(await run.page.locator('body').innerText()).to.contain('partner_signup_invitation_only');
      const { user, organizations } = await inKeycloak(umbrella.domain, umbrella.email);
      expect([user, organizations]).to.deep.equal([undefined, []]);

      // A colleague at a domain whose organization invited someone else gets the same answer.
      const wayne = company('wayne');
      const invited = `lucius@${wayne.domain}`;
      const orgId = await hubInvites(wayne, invited);
      const colleague = await register();
      await proveEmail(colleague.page, wayne);
      expect(await colleague.page.locator('h1').innerText()).to.equal('Partner sign-up is by invitation');
      await submit(colleague.page);
      expect(await colleague.page.locator('body').innerText()).to.contain('partner_signup_invitation_only');
      expect(await usersWithEmail(admin, wayne.email)).to.deep.equal([]);
      expect(await admin.organizations.listMembers({ orgId })).to.deep.equal([]);
      expect(
        (await admin.organizations.listInvitations({ orgId })).map((invitation) => invitation.email),
        'the other invitation stays',
      ).to.deep.equal([invited]);
    });

    it('refuses an expired invitation, creating nothing and keeping the invitation', async () => {
      const wayne = company('wayne');
      const { id: orgId } = await admin.organizations.create({ name: wayne.name, alias: wayne.domain, domains: [{ name: wayne.domain, verified: false }] });
      // Keycloak dates an invitation by the realm's lifespan of admin-made action tokens: one second.
      const realm = (await admin.realms.findOne({ realm: 'b2b' }))!;
      await admin.realms.update({ realm: 'b2b' }, { actionTokenGeneratedByAdminLifespan: 1 });
      try {
        await invite(orgId, wayne.email);
      } finally {
        await admin.realms.update({ realm: 'b2b' }, { actionTokenGeneratedByAdminLifespan: realm.actionTokenGeneratedByAdminLifespan });
      }
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      expect((await admin.organizations.listInvitations({ orgId })).map((invitation) => invitation.status)).to.deep.equal(['EXPIRED']);

      const run = await register();
      await proveEmail(run.page, wayne);
      expect(await run.page.locator('h1').innerText()).to.equal('Your invitation has expired');
      await submit(run.page);
      expect(await run.page.locator('body').innerText()).to.contain('partner_invitation_expired');
      expect(await usersWithEmail(admin, wayne.email)).to.deep.equal([]);
      expect(await admin.organizations.listMembers({ orgId })).to.deep.equal([]);
      expect(await admin.organizations.listInvitations({ orgId })).to.have.length(1);
    });
  });

  describe('registration mode approval-required', () => {
    before(() => useRegistrationMode('approval-required'));
    after(() => useRegistrationMode('open'));

    /** Signs up and stops at the pending page; the user and the organization wait, disabled. */
    async function requestPartnershipOf(label: string) {
      const made = company(label);
      const run = await requestPartnership(made);
      runs.push(run);
      return { made, run };
    }

    it('keeps user and organization disabled until an operator approves; the approval mail lets the partner set a password and sign in', async () => {
      const { made: hooli, run } = await requestPartnershipOf('hooli');
      await screenshot(run, '-pending');
      await submit(run.page);
      expect(await run.page.locator('body').innerText(), "Keycloak's page: nobody is signed in").to.contain('there is nothing more to do here');
      expect(run.page.url().startsWith(getStack().callback.redirectUri)).to.equal(false);

      const pending = await inKeycloak(hooli.domain, hooli.email);
      expect(pending.user).to.include({ enabled: false, emailVerified: true });
      expect(pending.user!.attributes?.['io.approval']).to.deep.equal(['pending']);
      expect(pending.user!.requiredActions).to.deep.equal(['UPDATE_PASSWORD']);
      expect(pending.organization).to.include({ enabled: false });
      expect(pending.members.map((member) => member.id)).to.deep.equal([pending.user!.id]);
      expect(pending.groups.map((group) => group.name)).to.deep.equal(['Admins']);

      const listed = (await b2bApi('GET', '/signups')).body as Array<{
        userId: string;
        email: string;
        organizations: Array<{ id: string; domains: string[]; enabled: boolean }>;
      }>;
      const signup = listed.find((entry) => entry.userId === pending.user!.id);
      expect(signup).to.deep.include({ email: hooli.email, access: { decide: true } });
      expect(signup!.organizations).to.deep.equal([{ id: pending.organization!.id, name: hooli.name, domains: [hooli.domain], enabled: false }]);

      const approved = await b2bApi('POST', `/signups/${pending.user!.id}/approve`);
      expect(approved.status).to.equal(200);
      expect(approved.body).to.deep.include({ userId: pending.user!.id, decision: 'approved' });
      const after = await inKeycloak(hooli.domain, hooli.email);
      expect(after.user).to.include({ enabled: true });
      expect(after.user!.attributes?.['io.approval']).to.equal(undefined);
      expect(after.organization).to.include({ enabled: true });
      expect((await b2bApi('POST', `/signups/${pending.user!.id}/approve`)).status, 'decided once').to.equal(404);

      // Keycloak's own mail, through the realm's SMTP settings, with its action link.
      const mail = await getStack().mailbox.nextMail(hooli.email);
      expect(mail.subject).to.equal(`Your partner account for ${hooli.name} is approved`);
      const link = /https?:\/\/\S+action-token\S+/.exec(mail.text)?.[0];
      expect(link, mail.text).to.be.a('string');
      await run.page.goto(link!);
      const proceed = run.page.locator('a:has-text("Click here to proceed")');
      if (await proceed.count()) await submit(run.page, 'a:has-text("Click here to proceed")');
      await setPassword(run.page);
      expect(await run.page.locator('body').innerText()).to.contain('Your account has been updated');

      expect((await signInAgain(hooli.email, PARTNER_PASSWORD)).sub).to.equal(pending.user!.id);

      const events = await admin.realms.findAdminEvents({ realm: 'b2b', resourceTypes: 'CUSTOM', max: 100 });
      expect(events.map((event) => `${event.operationType} ${event.resourcePath}`)).to.include(`UPDATE io/signups/${pending.user!.id}/approve`);
    });

    it('removes user and organization when an operator rejects, and tells the partner why', async () => {
      const { made: pied } = await requestPartnershipOf('pied');
      const { user, organization } = await inKeycloak(pied.domain, pied.email);

      const refused = await b2bApi('POST', `/signups/${user!.id}/reject`, { reason: 'x'.repeat(501) });
      expect(refused.status).to.equal(400);
      expect(refused.body.errors).to.deep.equal([{ field: 'reason', message: 'text of at most 500 characters' }]);

      const rejected = await b2bApi('POST', `/signups/${user!.id}/reject`, { reason: 'We only partner with resellers.' });
      expect(rejected.status).to.equal(200);
      expect(rejected.body).to.deep.include({ userId: user!.id, decision: 'rejected', reason: 'We only partner with resellers.' });
      const mail = await getStack().mailbox.nextMail(pied.email);
      expect(mail.subject).to.equal(`Your partner request for ${pied.name}`);
      expect(mail.text).to.contain('The reason: We only partner with resellers.');

      const after = await inKeycloak(pied.domain, pied.email);
      expect([after.user, after.organizations]).to.deep.equal([undefined, []]);
      expect(await admin.organizations.findOne({ id: organization!.id! }, { catchNotFound: true })).to.equal(null);
    });

    it('lets only realm admins decide: an admin who may only look sees the sign-up and is refused the decision', async () => {
      const { made: stark } = await requestPartnershipOf('stark');
      const [user] = await usersWithEmail(admin, stark.email);
      const viewer = await b2bRealmAdmin(['view-realm', 'view-users']);
      try {
        const token = await viewer.token();
        const listed = (await ioApi(token, 'GET', '/signups', undefined, 'b2b')).body as Array<{ userId: string; access: { decide: boolean } }>;
        expect(
          listed.find((entry) => entry.userId === user!.id),
          'listed, and said not to be theirs to decide',
        ).to.deep.include({ access: { decide: false } });
        expect((await ioApi(token, 'POST', `/signups/${user!.id}/approve`, undefined, 'b2b')).status).to.equal(403);
        expect((await ioApi(token, 'POST', `/signups/${user!.id}/reject`, {}, 'b2b')).status).to.equal(403);
        expect((await ioApi(undefined, 'GET', '/signups', undefined, 'b2b')).status).to.equal(401);
        expect((await usersWithEmail(admin, stark.email))[0]).to.include({ enabled: false });
      } finally {
        await viewer.remove();
      }
    });
  });
});
