import { CodeBlock, CodeBlockCode } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { useIoApi, useLoad, type FlowDetail } from '../api';
import { ErrorAlert, Loading } from '../components';

/** Placeholder (see index.ts): the flow's draft JSON, read-only. */
export function FlowDesigner({ flowId }: { flowId: string }) {
  const { t } = useTranslation();
  const api = useIoApi();
  const flow = useLoad(() => api.get<FlowDetail>(`/flows/${encodeURIComponent(flowId)}`), [api, flowId]);
  if (flow.error) return <ErrorAlert error={flow.error} />;
  if (!flow.data) return <Loading />;
  return (
    // A scrollable region of its own, reachable by keyboard (axe: scrollable-region-focusable).
    <CodeBlock>
      <CodeBlockCode tabIndex={0} aria-label={t('ioDraft')} style={{ maxHeight: '60vh', overflow: 'auto' }}>
        {JSON.stringify(flow.data.draft, null, 2)}
      </CodeBlockCode>
    </CodeBlock>
  );
}
