import {
  Alert,
  AlertActionCloseButton,
  AlertGroup,
  Button,
  Bullseye,
  Flex,
  FlexItem,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  EmptyStateIcon,
  Form,
  Modal,
  SearchInput,
  Spinner,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { ExclamationCircleIcon } from '@patternfly/react-icons';
import { createContext, useCallback, useContext, useState, type PropsWithChildren, type ReactNode } from 'react';
import { getI18n, useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { IoApiError } from './api';
import { FLOW_PAGES, flowPath, type FlowPage } from './routes';

type Variant = 'success' | 'danger';
interface Toast {
  key: number;
  variant: Variant;
  title: string;
}

const AlertsContext = createContext<(variant: Variant, title: string) => void>(() => undefined);

/** Toast alerts at the top right, as the console shows them. */
export function AlertsProvider({ children }: PropsWithChildren) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const add = useCallback((variant: Variant, title: string) => {
    const key = Date.now() + Math.random();
    setToasts((list) => [...list, { key, variant, title }]);
    setTimeout(() => setToasts((list) => list.filter((toast) => toast.key !== key)), 8000);
  }, []);
  return (
    <AlertsContext.Provider value={add}>
      {children}
      <AlertGroup isToast isLiveRegion>
        {toasts.map(({ key, variant, title }) => (
          <Alert
            key={key}
            variant={variant}
            title={title}
            actionClose={<AlertActionCloseButton onClose={() => setToasts((list) => list.filter((toast) => toast.key !== key))} />}
          />
        ))}
      </AlertGroup>
    </AlertsContext.Provider>
  );
}

export const useAlerts = () => useContext(AlertsContext);

/** Why a call failed, in the console's words: the API's message and every problem it listed. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const apiError = error instanceof IoApiError ? error : undefined;
  const heading = title ?? (apiError?.status === 403 ? t('ioForbidden') : t('ioRequestFailed'));
  const usedBy = apiError?.body.usedBy;
  // A 400 names no message, only its code ("invalid_input"): its problems say it all.
  const message =
    apiError && !apiError.body.message && apiError.problems.length > 0
      ? undefined
      : (apiError?.message ?? (error instanceof Error ? error.message : String(error)));
  return (
    <Alert variant="danger" isInline title={heading} data-testid="io-error" className="pf-v5-u-mb-md">
      {message && <p>{message}</p>}
      {apiError && apiError.problems.length > 0 && (
        <ul className="pf-v5-u-mt-sm" data-testid="io-problems">
          {apiError.problems.map((problem, index) => (
            <li key={index}>
              <code>{problem.field || '/'}</code>
              {problem.node && (
                <>
                  {' '}
                  ({t('ioNode')} <code>{problem.node}</code>)
                </>
              )}
              : {problem.message}
            </li>
          ))}
        </ul>
      )}
      {apiError?.body.reason && (
        <p className="pf-v5-u-mt-sm" data-testid="io-reason">
          {t('ioReasonCode')}: <code>{apiError.body.reason}</code>
        </p>
      )}
      {usedBy !== undefined && (
        <p className="pf-v5-u-mt-sm">
          {t('ioUsedBy')}: <code>{JSON.stringify(usedBy)}</code>
        </p>
      )}
    </Alert>
  );
}

export function Loading() {
  return (
    <Bullseye className="pf-v5-u-p-xl">
      <Spinner aria-label="Loading" />
    </Bullseye>
  );
}

export function Empty({ title, body, actions }: { title: string; body?: string; actions?: ReactNode }) {
  return (
    <EmptyState variant="lg" data-testid="io-empty">
      <EmptyStateHeader titleText={title} headingLevel="h2" icon={<EmptyStateIcon icon={ExclamationCircleIcon} />} />
      {body && <EmptyStateBody>{body}</EmptyStateBody>}
      {actions}
    </EmptyState>
  );
}

/** A time as the console's language writes it (the admin's locale, as the stock pages' dates), not the browser's. */
export function formatTime(millis?: number): string {
  return millis === undefined ? '' : new Date(millis).toLocaleString(getI18n()?.language);
}

/** Reads a chosen file as JSON (import, upload). */
export async function readJsonFile(file: File): Promise<unknown> {
  return JSON.parse(await file.text());
}

const FLOW_PAGE_TITLES: Record<FlowPage, string> = {
  design: 'ioDesign',
  versions: 'ioVersions',
  messages: 'ioLocalization',
  try: 'ioTryIt',
  executions: 'ioExecutions',
};

/** Links to a flow's other pages (design, versions, localization, Try it, executions). */
export function FlowLinks({ realm, flowId, current }: { realm: string; flowId: string; current: FlowPage }) {
  const { t } = useTranslation();
  return (
    <Flex className="pf-v5-u-mb-md" data-testid="io-flow-links">
      {FLOW_PAGES.filter((page) => page !== current).map((page) => (
        <FlexItem key={page}>
          <Link to={flowPath(realm, flowId, page)} data-testid={`io-link-${page}`}>
            {t(FLOW_PAGE_TITLES[page])}
          </Link>
        </FlexItem>
      ))}
    </Flex>
  );
}

/**
 * A dialog whose confirm button runs one API action, once at a time (the button waits for the
 * answer): the action's refusal is shown in the dialog (it stays open), success is the caller's to
 * handle in `onConfirm`. `asForm`: the children are a
 * form's fields, and Enter in them confirms. `errorTitle`: the refusal's heading (else the API's).
 */
export function ActionDialog({
  title,
  variant = 'medium',
  confirm,
  confirmVariant = 'primary',
  confirmTestId,
  canConfirm,
  onConfirm,
  onClose,
  asForm = false,
  errorTitle,
  children,
}: PropsWithChildren<{
  title: string;
  variant?: 'small' | 'medium';
  confirm: string;
  confirmVariant?: 'primary' | 'danger';
  confirmTestId: string;
  canConfirm: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  asForm?: boolean;
  errorTitle?: string;
}>) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (busy) return;
    setError(undefined);
    setBusy(true);
    try {
      await onConfirm();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      variant={variant}
      title={title}
      isOpen
      onClose={onClose}
      actions={[
        <Button key="confirm" variant={confirmVariant} data-testid={confirmTestId} isDisabled={!canConfirm || busy} isLoading={busy} onClick={run}>
          {confirm}
        </Button>,
        <Button key="cancel" variant="link" onClick={onClose}>
          {t('cancel')}
        </Button>,
      ]}
    >
      <ErrorAlert error={error} title={errorTitle} />
      {asForm ? (
        <Form
          onSubmit={(event) => {
            event.preventDefault();
            if (canConfirm) void run();
          }}
        >
          {children}
        </Form>
      ) : (
        children
      )}
    </Modal>
  );
}

/** The toolbar of a list page: one search box that filters the rows shown. */
export function SearchToolbar({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <Toolbar>
      <ToolbarContent>
        <ToolbarItem>
          <SearchInput aria-label={label} placeholder={label} value={value} onChange={(_event, text) => onChange(text)} onClear={() => onChange('')} />
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}
