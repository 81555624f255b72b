import { lazy } from 'react';
import type { TFunction } from 'i18next';
import type { RouteObject } from 'react-router-dom';

const FlowsPage = lazy(() => import('./pages/FlowsPage'));
const VersionsPage = lazy(() => import('./pages/VersionsPage'));
const MessagesPage = lazy(() => import('./pages/MessagesPage'));
const DesignPage = lazy(() => import('./pages/DesignPage'));
const ClientsPage = lazy(() => import('./pages/ClientsPage'));
const ObligationsPage = lazy(() => import('./pages/ObligationsPage'));
const ProcessorsPage = lazy(() => import('./pages/ProcessorsPage'));
const TryPage = lazy(() => import('./pages/TryPage'));
const ExecutionsPage = lazy(() => import('./pages/ExecutionsPage'));
const SignupsPage = lazy(() => import('./pages/SignupsPage'));

/**
 * IO's pages under the realm, as the stock console's routes are declared: `handle.access` is what
 * the stock App checks before rendering (view-realm, as the API's reads need; the sign-ups need
 * view-users too), `handle.breadcrumb` what its breadcrumbs show. Changes are checked by the API
 * (manage-realm).
 */
const route = (path: string, element: JSX.Element, breadcrumb: string, access: readonly string[] = ['view-realm']): RouteObject => ({
  path: `/:realm/io/${path}`,
  element,
  handle: { access: [...access], breadcrumb: (t: TFunction) => t(breadcrumb) },
});

/** What the sign-up requests need to be read (GET /io/signups): they show people's names and addresses. */
export const SIGNUPS_ACCESS = ['view-realm', 'view-users'] as const;

export const ioRoutes: RouteObject[] = [
  route('flows', <FlowsPage />, 'ioFlows'),
  route('flows/:flowId/versions', <VersionsPage />, 'ioVersions'),
  route('flows/:flowId/messages', <MessagesPage />, 'ioLocalization'),
  route('flows/:flowId/design', <DesignPage />, 'ioDesign'),
  route('flows/:flowId/try', <TryPage />, 'ioTryIt'),
  route('flows/:flowId/executions', <ExecutionsPage />, 'ioExecutions'),
  route('clients', <ClientsPage />, 'ioClients'),
  route('obligations', <ObligationsPage />, 'ioObligations'),
  route('processors', <ProcessorsPage />, 'ioProcessors'),
  route('signups', <SignupsPage />, 'ioSignups', SIGNUPS_ACCESS),
];

/** The pages of one flow, in the order their links are shown. */
export const FLOW_PAGES = ['design', 'versions', 'messages', 'try', 'executions'] as const;
export type FlowPage = (typeof FLOW_PAGES)[number];

export const flowsPath = (realm: string) => `/${encodeURIComponent(realm)}/io/flows`;
export const flowPath = (realm: string, flowId: string, page: FlowPage) => `${flowsPath(realm)}/${encodeURIComponent(flowId)}/${page}`;
