import { ViewHeader } from '@keycloak/keycloak-admin-ui';
import { ActionGroup, Button, FormSelect, FormSelectOption, PageSection, TextInput, Title } from '@patternfly/react-core';
import { MinusCircleIcon, PlusCircleIcon } from '@patternfly/react-icons';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIoApi, useLoad, type FlowSummary } from '../api';
import { ErrorAlert, Loading, useAlerts } from '../components';
import { ObligationRules } from './ObligationRules';

/**
 * The realm's obligations: its rules (what a user owes at login, `ObligationRules`) and the
 * obligation type → library flow mapping, each edited as a whole and validated by the API.
 */
export default function ObligationsPage() {
  const { t } = useTranslation();
  const api = useIoApi();
  const alert = useAlerts();
  const mapping = useLoad(() => api.get<Record<string, string>>('/obligation-flows'), [api]);
  const flows = useLoad(() => api.get<FlowSummary[]>('/flows'), [api]);
  const [rows, setRows] = useState<Array<{ type: string; flow: string }>>([]);
  const [error, setError] = useState<unknown>();
  useEffect(() => setRows(Object.entries(mapping.data ?? {}).map(([type, flow]) => ({ type, flow }))), [mapping.data]);

  const library = (flows.data ?? []).filter((flow) => flow.category === 'library').map((flow) => flow.id);
  const edit = (index: number, change: Partial<{ type: string; flow: string }>) => setRows(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const save = async () => {
    setError(undefined);
    try {
      await api.send('PUT', '/obligation-flows', Object.fromEntries(rows.map(({ type, flow }) => [type, flow])));
      alert('success', t('ioObligationsSaved'));
      mapping.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <>
      <ViewHeader titleKey="ioObligations" subKey="ioObligationsHelp" />
      <PageSection variant="light">
        <ObligationRules />
      </PageSection>
      <PageSection variant="light">
        <Title headingLevel="h2" size="lg">
          {t('ioObligationMapping')}
        </Title>
        <p className="pf-v5-u-mb-md">{t('ioObligationMappingHelp')}</p>
        <ErrorAlert error={mapping.error ?? flows.error} />
        <ErrorAlert error={error} title={t('ioActionRefused')} />
        {/* Without the mapping there is nothing to edit: saving would replace it. */}
        {mapping.loading && !mapping.data ? (
          <Loading />
        ) : (
          mapping.data && (
            <>
              <Table aria-label={t('ioObligations')} variant="compact" data-testid="io-obligations-table">
                <Thead>
                  <Tr>
                    <Th>{t('ioObligationType')}</Th>
                    <Th>{t('ioLibraryFlow')}</Th>
                    <Th screenReaderText={t('ioActions')} />
                  </Tr>
                </Thead>
                <Tbody>
                  {rows.map((row, index) => (
                    <Tr key={index}>
                      <Td dataLabel={t('ioObligationType')}>
                        <TextInput aria-label={t('ioObligationType')} value={row.type} onChange={(_event, type) => edit(index, { type })} />
                      </Td>
                      <Td dataLabel={t('ioLibraryFlow')}>
                        <FormSelect aria-label={t('ioLibraryFlow')} value={row.flow} onChange={(_event, flow) => edit(index, { flow })}>
                          <FormSelectOption value="" label={t('ioChooseFlow')} isPlaceholder />
                          {row.flow && !library.includes(row.flow) && <FormSelectOption value={row.flow} label={row.flow} />}
                          {library.map((id) => (
                            <FormSelectOption key={id} value={id} label={id} />
                          ))}
                        </FormSelect>
                      </Td>
                      <Td isActionCell>
                        <Button variant="plain" aria-label={t('remove')} onClick={() => setRows(rows.filter((_, i) => i !== index))}>
                          <MinusCircleIcon />
                        </Button>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
              <Button variant="link" icon={<PlusCircleIcon />} onClick={() => setRows([...rows, { type: '', flow: '' }])}>
                {t('ioAddObligation')}
              </Button>
              <ActionGroup className="pf-v5-u-mt-md">
                <Button data-testid="io-save-obligations" onClick={save}>
                  {t('save')}
                </Button>
                <Button variant="link" onClick={() => mapping.reload()}>
                  {t('revert')}
                </Button>
              </ActionGroup>
            </>
          )
        )}
      </PageSection>
    </>
  );
}
