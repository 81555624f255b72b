import { ViewHeader } from '@keycloak/keycloak-admin-ui';
import { FormSelect, FormSelectOption, PageSection, Switch } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIoApi, useLoad, type FlowSummary, type IoClient } from '../api';
import { Empty, ErrorAlert, Loading, SearchToolbar, useAlerts } from '../components';

/**
 * Every client the admin may view, with IO on/off and its flow, switched in place. The list is
 * always the API's answer after a change: the client attributes (io.enabled, io.flow) are the truth.
 */
export default function ClientsPage() {
  const { t } = useTranslation();
  const api = useIoApi();
  const alert = useAlerts();
  const clients = useLoad(() => api.get<IoClient[]>('/clients'), [api]);
  const flows = useLoad(() => api.get<FlowSummary[]>('/flows'), [api]);
  const [search, setSearch] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();

  const update = async (client: IoClient, change: { enabled?: boolean; flow?: string | null }) => {
    setError(undefined);
    setBusy(client.id);
    try {
      const next = { enabled: change.enabled ?? client.enabled, flow: change.flow !== undefined ? change.flow : (client.flow ?? null) };
      await api.send('PUT', `/clients/${encodeURIComponent(client.id)}`, next);
      alert('success', t('ioClientSaved', { clientId: client.clientId }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
      clients.reload();
    }
  };

  const flowIds = (flows.data ?? []).map((flow) => flow.id);
  const shown = (clients.data ?? []).filter((client) =>
    `${client.clientId} ${client.name ?? ''} ${client.flow ?? ''}`.toLowerCase().includes(search.trim().toLowerCase()),
  );
  return (
    <>
      <ViewHeader titleKey="ioClients" subKey="ioClientsHelp" />
      <PageSection variant="light" className="pf-v5-u-p-0">
        <SearchToolbar label={t('ioSearchClients')} value={search} onChange={setSearch} />
        <div className="pf-v5-u-px-md">
          <ErrorAlert error={clients.error ?? flows.error} />
          <ErrorAlert error={error} title={t('ioActionRefused')} />
        </div>
        {clients.loading && !clients.data ? (
          <Loading />
        ) : clients.data?.length === 0 ? (
          <Empty title={t('ioNoClients')} />
        ) : (
          clients.data && (
            <Table aria-label={t('ioClients')} variant="compact" data-testid="io-clients-table">
              <Thead>
                <Tr>
                  <Th>{t('clientId')}</Th>
                  <Th>{t('name')}</Th>
                  <Th>{t('ioJourneysOn')}</Th>
                  <Th>{t('ioFlow')}</Th>
                </Tr>
              </Thead>
              <Tbody>
                {shown.map((client) => (
                  <Tr key={client.id} data-testid={`io-client-${client.clientId}`}>
                    <Td dataLabel={t('clientId')}>{client.clientId}</Td>
                    <Td dataLabel={t('name')}>{client.name}</Td>
                    <Td dataLabel={t('ioJourneysOn')}>
                      <Switch
                        id={`io-enabled-${client.id}`}
                        aria-label={t('ioJourneysFor', { clientId: client.clientId })}
                        label={t('on')}
                        labelOff={t('off')}
                        isChecked={client.enabled}
                        isDisabled={busy === client.id}
                        onChange={(_event, enabled) => update(client, { enabled })}
                      />
                    </Td>
                    <Td dataLabel={t('ioFlow')}>
                      <FormSelect
                        aria-label={t('ioFlowFor', { clientId: client.clientId })}
                        value={client.flow ?? ''}
                        isDisabled={busy === client.id}
                        onChange={(_event, flow) => update(client, { flow: flow || null })}
                      >
                        <FormSelectOption value="" label={t('ioNoFlow')} />
                        {/* A client may name a flow the realm does not keep (the bridge's files): shown as it is. */}
                        {client.flow && !flowIds.includes(client.flow) && <FormSelectOption value={client.flow} label={client.flow} />}
                        {flowIds.map((id) => (
                          <FormSelectOption key={id} value={id} label={id} />
                        ))}
                      </FormSelect>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )
        )}
      </PageSection>
    </>
  );
}
