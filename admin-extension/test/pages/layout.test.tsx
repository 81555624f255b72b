import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { access } from './keycloak-admin-ui';
import { expectNoStackTrace, findErrorAlert, openPage } from './render';
import { ok, refusals, server } from './server';

/** The stock sidebar's <nav>, where IoLayout puts the IO group. */
function stockSidebar(): HTMLElement {
  document.body.insertAdjacentHTML('afterbegin', '<div class="keycloak__page_nav__nav" data-testid="stock-sidebar"><nav></nav></div>');
  return screen.getByTestId('stock-sidebar');
}

describe('IoLayout', () => {
  afterEach(() => screen.queryByTestId('stock-sidebar')?.remove());

  it('puts the IO journeys group, with a link per IO page, into the stock sidebar', async () => {
    const sidebar = stockSidebar();
    server.answer('GET', '/flows', ok([]));
    await openPage('/demo/io/flows');
    const group = await within(sidebar).findByRole('region', { name: 'IO journeys' });
    expect(
      within(group)
        .getAllByRole('link')
        .map((link) => [link.textContent, link.getAttribute('href')]),
    ).toEqual([
      ['Flows', '/demo/io/flows'],
      ['Clients', '/demo/io/clients'],
      ['Obligations', '/demo/io/obligations'],
      ['Processors', '/demo/io/processors'],
      ['Sign-up requests', '/demo/io/signups'],
    ]);
    expect(within(group).getByRole('link', { name: 'Flows' }).className).toContain('pf-m-current');
  });

  it('for an admin who may view the realm but not its users: no link to the sign-up requests (they show people)', async () => {
    const sidebar = stockSidebar();
    access.roles = new Set(['view-realm']);
    server.answer('GET', '/flows', ok([]));
    await openPage('/demo/io/flows');
    const group = await within(sidebar).findByRole('region', { name: 'IO journeys' });
    expect(
      within(group)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Flows', 'Clients', 'Obligations', 'Processors']);
  });

  it('for an admin who may not view the realm: no IO group; a page opened anyway shows the refusal', async () => {
    const sidebar = stockSidebar();
    access.roles = new Set();
    server.answer('GET', '/flows', refusals.forbidden);
    await openPage('/demo/io/flows');
    expect((await findErrorAlert('You may not see or change this')).textContent).toContain('HTTP 403 Forbidden');
    expect(within(sidebar).queryByText('IO journeys')).toBeNull();
    expectNoStackTrace();
  });

  it('without the stock sidebar (not drawn yet): the page is shown all the same', async () => {
    server.answer('GET', '/flows', ok([]));
    await openPage('/demo/io/flows');
    expect(await screen.findByTestId('io-empty')).toBeTruthy();
    expect(screen.queryByText('IO journeys')).toBeNull();
  });
});
