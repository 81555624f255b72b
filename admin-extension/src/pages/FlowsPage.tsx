import { useRealm, ViewHeader } from '@keycloak/keycloak-admin-ui';
import {
  Button,
  Checkbox,
  FileUpload,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Label,
  PageSection,
  Radio,
  SearchInput,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { download, useIoApi, useLoad, type FlowSummary, type Template } from '../api';
import { ActionDialog, Empty, ErrorAlert, formatTime, Loading, readJsonFile, useAlerts } from '../components';
import { flowCategories } from '../designer/model';
import { flowPath } from '../routes';

const STATUS_COLOR = { active: 'green', inactive: 'orange', draft: 'grey' } as const;

/** Every flow of the realm: search, status, versions, usage, last change; create, duplicate, delete, export, import. */
export default function FlowsPage() {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const api = useIoApi();
  const alert = useAlerts();
  const navigate = useNavigate();
  const flows = useLoad(() => api.get<FlowSummary[]>('/flows'), [api]);
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<'new' | 'template' | 'import'>();
  const [deleting, setDeleting] = useState<FlowSummary>();
  const [actionError, setActionError] = useState<unknown>();

  const shown = (flows.data ?? []).filter((flow) => `${flow.id} ${flow.name} ${flow.category}`.toLowerCase().includes(search.trim().toLowerCase()));

  const run = async (action: () => Promise<string>) => {
    setActionError(undefined);
    try {
      alert('success', await action());
      flows.reload();
    } catch (error) {
      setActionError(error);
    }
  };
  const exportFlow = (flow: FlowSummary) =>
    run(async () => {
      download(`${flow.id}.io-flows.json`, await api.get(`/flows/${encodeURIComponent(flow.id)}/export`));
      return t('ioFlowExported', { id: flow.id });
    });
  const duplicate = (flow: FlowSummary) =>
    run(async () => {
      const file = await api.get(`/flows/${encodeURIComponent(flow.id)}/export`);
      const answer = await api.send<{ flows: Array<{ id: string; importedFrom: string }> }>('POST', '/import?ids=renew', file);
      const copy = answer.flows.find((imported) => imported.importedFrom === flow.id)?.id ?? '';
      return t('ioFlowDuplicated', { id: flow.id, copy });
    });

  return (
    <>
      <ViewHeader titleKey="ioFlows" subKey="ioFlowsHelp" />
      <PageSection variant="light" className="pf-v5-u-p-0">
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <SearchInput
                aria-label={t('ioSearchFlows')}
                placeholder={t('ioSearchFlows')}
                value={search}
                onChange={(_event, value) => setSearch(value)}
                onClear={() => setSearch('')}
              />
            </ToolbarItem>
            <ToolbarItem>
              <Button data-testid="io-create-flow" onClick={() => setDialog('new')}>
                {t('ioCreateFlow')}
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" data-testid="io-create-from-template" onClick={() => setDialog('template')}>
                {t('ioCreateFromTemplate')}
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" data-testid="io-import" onClick={() => setDialog('import')}>
                {t('ioImport')}
              </Button>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        <div className="pf-v5-u-px-md">
          <ErrorAlert error={flows.error} />
          <ErrorAlert error={actionError} />
        </div>
        {flows.loading && !flows.data ? (
          <Loading />
        ) : flows.data && flows.data.length === 0 ? (
          <Empty title={t('ioNoFlows')} body={t('ioNoFlowsHelp')} />
        ) : (
          flows.data && (
            <Table aria-label={t('ioFlows')} variant="compact" data-testid="io-flows-table">
              <Thead>
                <Tr>
                  <Th>{t('ioFlowName')}</Th>
                  <Th>{t('ioCategory')}</Th>
                  <Th>{t('ioStatus')}</Th>
                  <Th>{t('ioActiveVersion')}</Th>
                  <Th>{t('ioUsedBy')}</Th>
                  <Th>{t('ioUpdated')}</Th>
                  <Th screenReaderText={t('ioActions')} />
                </Tr>
              </Thead>
              <Tbody>
                {shown.map((flow) => (
                  <Tr key={flow.id} data-testid={`io-flow-${flow.id}`}>
                    <Td dataLabel={t('ioFlowName')}>
                      <Link to={flowPath(realm, flow.id, 'versions')}>{flow.name}</Link>
                      <div className="pf-v5-u-color-200 pf-v5-u-font-size-sm">{flow.id}</div>
                    </Td>
                    <Td dataLabel={t('ioCategory')}>{flow.category}</Td>
                    <Td dataLabel={t('ioStatus')}>
                      <Label color={STATUS_COLOR[flow.status]}>{t(`ioStatus_${flow.status}`)}</Label>
                      {flow.draftChanged && (
                        <Label className="pf-v5-u-ml-xs" color="blue">
                          {t('ioDraftChanged')}
                        </Label>
                      )}
                    </Td>
                    <Td dataLabel={t('ioActiveVersion')}>
                      {flow.activeVersion ?? '—'}
                      {flow.rollout && ` (${t('ioRolloutShort', { version: flow.rollout.version, percentage: flow.rollout.percentage })})`}
                    </Td>
                    <Td dataLabel={t('ioUsedBy')}>{usage(flow, t)}</Td>
                    <Td dataLabel={t('ioUpdated')}>
                      {formatTime(flow.updatedAt)}
                      {flow.updatedBy && <div className="pf-v5-u-color-200 pf-v5-u-font-size-sm">{flow.updatedBy}</div>}
                    </Td>
                    <Td isActionCell>
                      <ActionsColumn
                        items={[
                          { title: t('ioVersions'), onClick: () => navigate(flowPath(realm, flow.id, 'versions')) },
                          { title: t('ioDesign'), onClick: () => navigate(flowPath(realm, flow.id, 'design')) },
                          { title: t('ioLocalization'), onClick: () => navigate(flowPath(realm, flow.id, 'messages')) },
                          { title: t('ioTryIt'), onClick: () => navigate(flowPath(realm, flow.id, 'try')) },
                          { title: t('ioExecutions'), onClick: () => navigate(flowPath(realm, flow.id, 'executions')) },
                          { title: t('ioExport'), onClick: () => exportFlow(flow) },
                          { title: t('ioDuplicate'), onClick: () => duplicate(flow) },
                          { isSeparator: true },
                          { title: t('delete'), onClick: () => setDeleting(flow) },
                        ]}
                      />
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )
        )}
      </PageSection>
      {dialog === 'new' && <NewFlowDialog onClose={() => setDialog(undefined)} onCreated={(id) => navigate(flowPath(realm, id, 'design'))} />}
      {dialog === 'template' && (
        <TemplateDialog
          onClose={() => setDialog(undefined)}
          onDone={(text) => {
            alert('success', text);
            flows.reload();
          }}
        />
      )}
      {dialog === 'import' && (
        <ImportDialog
          onClose={() => setDialog(undefined)}
          onDone={(text) => {
            alert('success', text);
            flows.reload();
          }}
        />
      )}
      {deleting && (
        <ActionDialog
          variant="small"
          confirmVariant="danger"
          title={t('ioDeleteFlowTitle', { id: deleting.id })}
          confirm={t('delete')}
          confirmTestId="io-confirm-delete"
          canConfirm
          onConfirm={async () => {
            await api.send('DELETE', `/flows/${encodeURIComponent(deleting.id)}`);
            setDeleting(undefined);
            alert('success', t('ioFlowDeleted', { id: deleting.id }));
            flows.reload();
          }}
          onClose={() => setDeleting(undefined)}
        >
          {t('ioDeleteFlowHelp')}
        </ActionDialog>
      )}
    </>
  );
}

function usage(flow: FlowSummary, t: (key: string, options?: Record<string, unknown>) => string): string {
  const parts: string[] = [];
  const used = flow.usedBy ?? {};
  if (used.clients?.length) parts.push(used.clients.map((client) => client.clientId).join(', '));
  if (used.obligations?.length) parts.push(t('ioUsedByObligations', { list: used.obligations.join(', ') }));
  if (used.flows?.length) parts.push(t('ioUsedByFlows', { list: used.flows.join(', ') }));
  if (used.executions?.length) parts.push(t('ioUsedByExecutions', { list: used.executions.join(', ') }));
  return parts.length ? parts.join('; ') : '—';
}

/** An empty flow (no nodes yet) created as a draft, then opened in the designer. */
function NewFlowDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const api = useIoApi();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [category, setCategory] = useState<(typeof flowCategories)[number]>('authentication');
  const create = async () => {
    await api.send('POST', '/flows', { schemaVersion: 1, id, name, category, version: '1', nodes: [], links: [] });
    onCreated(id);
  };
  return (
    <ActionDialog
      variant="small"
      title={t('ioCreateFlow')}
      confirm={t('create')}
      confirmTestId="io-confirm-create-flow"
      canConfirm={!!id && !!name}
      onConfirm={create}
      onClose={onClose}
      asForm
    >
      <FormGroup label={t('ioFlowId')} fieldId="io-new-flow-id" isRequired>
        <TextInput id="io-new-flow-id" isRequired value={id} onChange={(_event, value) => setId(value)} />
      </FormGroup>
      <FormGroup label={t('ioFlowName')} fieldId="io-new-flow-name" isRequired>
        <TextInput id="io-new-flow-name" isRequired value={name} onChange={(_event, value) => setName(value)} />
      </FormGroup>
      <FormGroup label={t('ioCategory')} fieldId="io-new-flow-category" isRequired>
        <FormSelect id="io-new-flow-category" value={category} onChange={(_event, value) => setCategory(value as typeof category)}>
          {flowCategories.map((option) => (
            <FormSelectOption key={option} value={option} label={option} />
          ))}
        </FormSelect>
      </FormGroup>
    </ActionDialog>
  );
}

function TemplateDialog({ onClose, onDone }: { onClose: () => void; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const api = useIoApi();
  const templates = useLoad(() => api.get<Template[]>('/templates'), [api]);
  const [chosen, setChosen] = useState<string>();
  const [publish, setPublish] = useState(false);
  const install = async () => {
    const answer = await api.send<{ flows: string[] }>('POST', `/templates/${encodeURIComponent(chosen!)}/install`, {
      publish,
      activate: publish,
      comment: t('ioInstalledFromTemplate'),
    });
    onDone(t('ioTemplateInstalled', { flows: answer.flows.join(', ') }));
    onClose();
  };
  return (
    <ActionDialog
      title={t('ioCreateFromTemplate')}
      confirm={t('ioInstall')}
      confirmTestId="io-install-template"
      canConfirm={!!chosen}
      onConfirm={install}
      onClose={onClose}
    >
      <ErrorAlert error={templates.error} />
      {templates.loading && <Loading />}
      <FormGroup role="radiogroup" isStack fieldId="io-template" label={t('ioTemplate')}>
        {(templates.data ?? []).map((template) => (
          <Radio
            key={template.id}
            id={`io-template-${template.id}`}
            name="io-template"
            isChecked={chosen === template.id}
            onChange={() => setChosen(template.id)}
            label={`${template.name} (${template.id}, ${template.category})`}
            description={template.description}
          />
        ))}
      </FormGroup>
      <Checkbox
        className="pf-v5-u-mt-md"
        id="io-template-publish"
        label={t('ioPublishAndActivate')}
        isChecked={publish}
        onChange={(_event, checked) => setPublish(checked)}
      />
    </ActionDialog>
  );
}

function ImportDialog({ onClose, onDone }: { onClose: () => void; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const api = useIoApi();
  const [file, setFile] = useState<File>();
  const [renew, setRenew] = useState(false);
  const submit = async () => {
    const content = await readJsonFile(file!);
    const answer = await api.send<{ flows: Array<{ id: string }> }>('POST', `/import?ids=${renew ? 'renew' : 'keep'}`, content);
    onDone(t('ioImported', { flows: answer.flows.map((flow) => flow.id).join(', ') }));
    onClose();
  };
  return (
    <ActionDialog title={t('ioImport')} confirm={t('ioImport')} confirmTestId="io-confirm-import" canConfirm={!!file} onConfirm={submit} onClose={onClose}>
      <FileUpload
        id="io-import-file"
        filename={file?.name ?? ''}
        filenamePlaceholder={t('ioImportFile')}
        browseButtonText={t('browse')}
        onFileInputChange={(_event, chosen) => setFile(chosen)}
        onClearClick={() => setFile(undefined)}
        hideDefaultPreview
      />
      <Checkbox className="pf-v5-u-mt-md" id="io-import-renew" label={t('ioImportRenew')} isChecked={renew} onChange={(_event, checked) => setRenew(checked)} />
    </ActionDialog>
  );
}
