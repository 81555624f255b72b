import '@patternfly/react-core/dist/styles/base.css';
import '@keycloak/keycloak-admin-ui/styles.css';

import { AdminUi, KeycloakProvider, routes as stockRoutes } from '@keycloak/keycloak-admin-ui';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHashRouter, RouterProvider } from 'react-router-dom';
import { environment } from './environment';
import { i18n } from './i18n';
import { IoLayout } from './IoLayout';
import { ioRoutes } from './routes';

// The stock console (its App: header, sidebar, breadcrumbs, access checks) with every stock route
// (its catch-all "not found" included),
// plus IO's routes under /:realm/io/...; IoLayout adds the "IO journeys" group to the sidebar.
const router = createHashRouter([
  {
    path: '/',
    element: (
      <KeycloakProvider environment={environment}>
        <AdminUi />
      </KeycloakProvider>
    ),
    children: [{ element: <IoLayout />, children: [...stockRoutes, ...ioRoutes] }],
  },
]);

await i18n.init();
createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
