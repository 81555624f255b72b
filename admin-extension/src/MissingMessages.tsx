import { Alert } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { useIoApi, useLoad } from './api';
import { ErrorAlert } from './components';

/**
 * Shown before publishing (the Versions page, the designer's publish dialog): the message keys each
 * locale of the flow's draft lacks (GET /io/flows/{id}/messages/missing), which a version would
 * freeze without; the Localization page fixes them. Nothing when every locale has every key; a
 * report that cannot be read is said so (not taken for "nothing missing").
 */
export function MissingMessages({ flowId }: { flowId: string }) {
  const { t } = useTranslation();
  const api = useIoApi();
  const missing = useLoad(() => api.get<{ missing: Record<string, string[]> }>(`/flows/${encodeURIComponent(flowId)}/messages/missing`), [api, flowId]);
  const lacking = Object.entries(missing.data?.missing ?? {}).filter(([, keys]) => keys.length > 0);
  if (missing.error) return <ErrorAlert error={missing.error} />;
  if (lacking.length === 0) return null;
  return (
    <Alert variant="warning" isInline title={t('ioMissingBeforePublish')} className="pf-v5-u-my-sm" data-testid="io-missing-before-publish">
      <ul>
        {lacking.map(([locale, keys]) => (
          <li key={locale}>
            {t('ioMissingKeys', { locale, count: keys.length })}: {keys.join(', ')}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
