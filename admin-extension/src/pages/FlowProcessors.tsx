import { useRealm } from '@keycloak/keycloak-admin-ui';
import { Alert, FormGroup, FormSelect, FormSelectOption, Label, List, ListItem } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useIoApi, useLoad, type FlowDetail, type FlowSummary } from '../api';
import { Empty, ErrorAlert, Loading, useAlerts } from '../components';
import type { FlowDefinition } from '../designer';
import { flowProcessors, processorInfo, withoutProcessor, type RealmLists } from '../processors';
import { flowPath } from '../routes';
import { ProcessorTable, RemoveProcessorDialog } from './ProcessorTable';

/**
 * The processors one flow runs: its category's list (`lists`, else the bridge's default set) with
 * the flow's `settings.processors` applied, by the bridge's rules, for the flow's draft. Removing one
 * saves the draft (`settings.processors.remove`, the reason in `override.reason`); logins run it
 * once the flow is published. The chosen flow is `?flow=<id>`.
 */
export function FlowProcessorsView({ lists }: { lists: RealmLists }) {
  const { t } = useTranslation();
  const api = useIoApi();
  const [search, setSearch] = useSearchParams();
  const flowId = search.get('flow') ?? '';
  const flows = useLoad(() => api.get<FlowSummary[]>('/flows'), [api]);
  const choose = (id: string) => setSearch(id ? { flow: id } : {}, { replace: true });

  if (flows.error) return <ErrorAlert error={flows.error} />;
  if (!flows.data) return <Loading />;
  if (flows.data.length === 0) return <Empty title={t('ioNoFlows')} />;
  return (
    <>
      <FormGroup label={t('ioFlow')} fieldId="io-processors-flow" className="pf-v5-u-my-md">
        <FormSelect id="io-processors-flow" data-testid="io-processors-flow" value={flowId} onChange={(_event, value) => choose(value)}>
          <FormSelectOption value="" label={t('ioChooseAFlow')} />
          {flows.data.map((flow) => (
            <FormSelectOption key={flow.id} value={flow.id} label={`${flow.name} (${flow.id}, ${flow.category})`} />
          ))}
        </FormSelect>
      </FormGroup>
      {flowId && <FlowList key={flowId} flowId={flowId} lists={lists} />}
    </>
  );
}

function FlowList({ flowId, lists }: { flowId: string; lists: RealmLists }) {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const api = useIoApi();
  const alert = useAlerts();
  const path = `/flows/${encodeURIComponent(flowId)}`;
  const flow = useLoad(() => api.get<FlowDetail>(path), [api, path]);
  const [removing, setRemoving] = useState<string>();

  if (flow.error) return <ErrorAlert error={flow.error} />;
  if (!flow.data) return <Loading />;
  const draft = flow.data.draft as unknown as FlowDefinition;
  let computed: ReturnType<typeof flowProcessors>;
  try {
    computed = flowProcessors(draft, lists);
  } catch (error) {
    // A draft is saved with its problems (docs/admin-api.md): settings.processors may not be lists yet.
    computed = { entries: [], removed: [], warnings: [], errors: [`settings/processors: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const { entries, removed, warnings, errors } = computed;
  const fromFlow = new Set(entries.filter((entry) => entry.fromFlow).map((entry) => entry.id));

  const remove = async (processor: string, reason: string) => {
    // The draft as stored now, so that edits saved meanwhile (the designer's) are kept.
    const current = (await api.get<FlowDetail>(path)).draft as unknown as FlowDefinition;
    await api.send('PUT', path, withoutProcessor(current, processor, reason));
    alert('success', t('ioFlowProcessorRemoved', { processor, flow: flowId }));
    setRemoving(undefined);
    flow.reload();
  };

  return (
    <div data-testid="io-flow-processors">
      <Alert variant="info" isInline className="pf-v5-u-mb-md" title={t('ioFlowProcessorsDraft', { category: draft.category })}>
        {t('ioFlowProcessorsPublish')} <Link to={flowPath(realm, flowId, 'versions')}>{t('ioVersions')}</Link>
      </Alert>
      {errors.length > 0 && (
        <Alert variant="danger" isInline className="pf-v5-u-mb-md" title={t('ioFlowProcessorsInvalid')}>
          <List>
            {errors.map((error) => (
              <ListItem key={error}>{error}</ListItem>
            ))}
          </List>
        </Alert>
      )}
      {entries.length === 0 ? (
        <p className="pf-v5-u-mb-md">{t('ioFlowNoProcessors')}</p>
      ) : (
        <ProcessorTable
          label={t('ioProcessorsOfFlow', { flow: flowId })}
          scope="flow"
          processors={entries.map((entry) => entry.id)}
          badge={(id) =>
            fromFlow.has(id) && (
              <Label color="blue" className="pf-v5-u-ml-sm" data-testid={`io-from-flow-${id}`}>
                {t('ioFromFlow')}
              </Label>
            )
          }
          onRemove={setRemoving}
        />
      )}
      {removed.length > 0 && (
        <p className="pf-v5-u-mt-md" data-testid="io-flow-removed">
          {t('ioRemovedByFlow')}:{' '}
          {removed.map((id, index) => (
            <span key={id}>
              {index > 0 && ', '}
              <code>{id}</code>
            </span>
          ))}
        </p>
      )}
      {warnings.length > 0 && (
        <Alert variant="warning" isInline className="pf-v5-u-mt-md" title={t('ioFlowProcessorsWarnings')} data-testid="io-flow-processors-warnings">
          <List>
            {warnings.map((warning) => (
              <ListItem key={warning}>{warning}</ListItem>
            ))}
          </List>
        </Alert>
      )}
      {removing && (
        <RemoveProcessorDialog
          title={t('ioRemoveFlowProcessorTitle', { processor: removing, flow: flowId })}
          onClose={() => setRemoving(undefined)}
          onRemove={(reason) => remove(removing, reason)}
        >
          <p className="pf-v5-u-mb-md">{t('ioRemoveFlowProcessorHelp')}</p>
          {processorInfo(removing)?.essential && (
            <p className="pf-v5-u-mb-md pf-v5-u-danger-color-100">{t('ioRemoveEssentialFromFlow', { processor: removing })}</p>
          )}
        </RemoveProcessorDialog>
      )}
    </div>
  );
}
