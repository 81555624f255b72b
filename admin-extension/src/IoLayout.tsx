import { useAccess, useRealm } from '@keycloak/keycloak-admin-ui';
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router-dom';
import { AlertsProvider } from './components';
import { SIGNUPS_ACCESS } from './routes';

const STOCK_NAV = '.keycloak__page_nav__nav nav';
const ITEMS: ReadonlyArray<{ path: string; title: string; access?: readonly string[] }> = [
  { path: 'io/flows', title: 'ioFlows' },
  { path: 'io/clients', title: 'ioClients' },
  { path: 'io/obligations', title: 'ioObligations' },
  { path: 'io/processors', title: 'ioProcessors' },
  { path: 'io/signups', title: 'ioSignups', access: SIGNUPS_ACCESS },
];

/**
 * Wraps every page of the console (stock and IO) inside the stock App: it adds the "IO journeys"
 * group to the stock sidebar, with the stock markup and link classes, for admins who may view the
 * realm (each item for admins its page lets in). The stock PageNav is not extensible, so the group is rendered into its <nav> (a React
 * portal: it keeps this tree's router and contexts).
 */
export function IoLayout() {
  return (
    <AlertsProvider>
      <IoNavGroup />
      <Outlet />
    </AlertsProvider>
  );
}

function IoNavGroup() {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const { hasAccess } = useAccess();
  const container = useStockNavSlot();
  if (!container || !hasAccess('view-realm')) return null;
  return createPortal(
    <section className="pf-v5-c-nav__section" aria-labelledby="io-nav-title">
      <h2 className="pf-v5-c-nav__section-title" id="io-nav-title">
        {t('ioJourneys')}
      </h2>
      <ul className="pf-v5-c-nav__list">
        {ITEMS.filter(({ access }) => !access || hasAccess(...(access as Parameters<typeof hasAccess>))).map(({ path, title }) => (
          <li className="pf-v5-c-nav__item" key={path}>
            <NavLink
              id={`nav-item-${path.replace('/', '-')}`}
              data-testid={`nav-item-${path.replace('/', '-')}`}
              to={`/${encodeURIComponent(realm)}/${path}`}
              className={({ isActive }) => `pf-v5-c-nav__link${isActive ? ' pf-m-current' : ''}`}
            >
              {t(title)}
            </NavLink>
          </li>
        ))}
      </ul>
    </section>,
    container,
  );
}

/** A <div> of our own at the end of the stock sidebar's <nav>, put back if the nav is re-rendered. */
function useStockNavSlot(): HTMLElement | undefined {
  const [slot] = useState(() => {
    const div = document.createElement('div');
    div.dataset.testid = 'io-nav';
    return div;
  });
  const [attached, setAttached] = useState(false);
  useEffect(() => {
    const attach = () => {
      const nav = document.querySelector(STOCK_NAV);
      if (nav && slot.parentElement !== nav) nav.appendChild(slot);
      setAttached(slot.isConnected);
    };
    attach();
    const observer = new MutationObserver(attach);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      slot.remove();
    };
  }, [slot]);
  return attached ? slot : undefined;
}
