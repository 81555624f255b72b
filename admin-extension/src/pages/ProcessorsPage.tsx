import { ViewHeader } from '@keycloak/keycloak-admin-ui';
import {
  Button,
  Card,
  CardBody,
  CardTitle,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Label,
  Modal,
  PageSection,
  TextArea,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIoApi, useLoad } from '../api';
import { ErrorAlert, Loading, useAlerts } from '../components';
import catalog from '../generated/processors.json' with { type: 'json' };

const registered = new Map(catalog.processors.map((processor) => [processor.id, processor]));
/** The bridge's default set of a category (a self-service flow starts from the protected set). */
const defaultsOf = (category: string): string[] =>
  [...((catalog.defaultSets as Record<string, string[]>)[category === 'self-service' ? 'self-service-protected' : category] ?? [])];

/** The flow categories (docs/admin-api.md); the API leaves out those without a list of their own. */
const CATEGORIES = ['authentication', 'self-service', 'admin', 'api', 'consent', 'custom', 'library'];

/**
 * The processors run around every step, per flow category. A category without a list uses the
 * bridge's defaults, shown as such; changing them saves the realm's own list. Security-essential
 * processors are marked. Removing one asks for a reason, recorded with the change (the admin event).
 */
export default function ProcessorsPage() {
  const { t } = useTranslation();
  const api = useIoApi();
  const alert = useAlerts();
  const lists = useLoad(() => api.get<Record<string, string[] | null>>('/processors'), [api]);
  const [error, setError] = useState<unknown>();
  const [adding, setAdding] = useState<Record<string, string>>({});
  const [removing, setRemoving] = useState<{ category: string; processor: string }>();
  const [reason, setReason] = useState('');

  const save = async (category: string, processors: string[], why?: string) => {
    setError(undefined);
    try {
      await api.send('PUT', `/processors/${encodeURIComponent(category)}`, why ? { processors, reason: why } : { processors });
      alert('success', t('ioProcessorsSaved', { category }));
      lists.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <>
      <ViewHeader titleKey="ioProcessors" subKey="ioProcessorsHelp" />
      <PageSection>
        <ErrorAlert error={lists.error} />
        <ErrorAlert error={error} title={t('ioActionRefused')} />
        {lists.loading && !lists.data && <Loading />}
        {lists.data && CATEGORIES.map((category) => [category, lists.data?.[category] ?? null] as const).map(([category, own]) => {
          const processors = own ?? defaultsOf(category);
          return (
          <Card key={category} className="pf-v5-u-mb-md" data-testid={`io-processors-${category}`}>
            <CardTitle component="h2">
              {category} {own === null && <Label className="pf-v5-u-ml-sm">{t('ioBridgeDefaults')}</Label>}
            </CardTitle>
            <CardBody>
              {processors.length > 0 && (
                <Table aria-label={t('ioProcessorsOf', { category })} variant="compact">
                  <Thead>
                    <Tr>
                      <Th>{t('ioRunOrder')}</Th>
                      <Th>{t('ioProcessor')}</Th>
                      <Th>{t('description')}</Th>
                      <Th screenReaderText={t('ioActions')} />
                    </Tr>
                  </Thead>
                  <Tbody>
                    {processors.map((processor, index) => (
                      <Tr key={processor}>
                        <Td dataLabel={t('ioRunOrder')}>{index + 1}</Td>
                        <Td dataLabel={t('ioProcessor')}>
                          <code>{processor}</code>
                          {registered.get(processor)?.essential && (
                            <Label color="orange" className="pf-v5-u-ml-sm" data-testid={`io-essential-${category}-${processor}`}>{t('ioSecurityEssential')}</Label>
                          )}
                        </Td>
                        <Td dataLabel={t('description')}>{registered.get(processor)?.description ?? t('ioUnknownProcessor')}</Td>
                        <Td isActionCell>
                          <Button variant="link" isDanger onClick={() => { setReason(''); setRemoving({ category, processor }); }}>
                            {t('remove')}
                          </Button>
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              )}
              <Toolbar>
                <ToolbarContent>
                  <ToolbarItem>
                    <FormSelect
                      aria-label={t('ioProcessorId')}
                      value={adding[category] ?? ''}
                      onChange={(_event, value) => setAdding({ ...adding, [category]: value })}
                    >
                      <FormSelectOption value="" label={t('ioChooseProcessor')} />
                      {catalog.processors.filter(({ id }) => !processors.includes(id)).map(({ id }) => (
                        <FormSelectOption key={id} value={id} label={id} />
                      ))}
                    </FormSelect>
                  </ToolbarItem>
                  <ToolbarItem>
                    <Button
                      variant="secondary"
                      isDisabled={!adding[category]}
                      onClick={() => {
                        void save(category, [...processors, adding[category]!]);
                        setAdding({ ...adding, [category]: '' });
                      }}
                    >
                      {t('add')}
                    </Button>
                  </ToolbarItem>
                </ToolbarContent>
              </Toolbar>
            </CardBody>
          </Card>
          );
        })}
      </PageSection>
      {removing && (
        <Modal
          variant="small"
          title={t('ioRemoveProcessorTitle', removing)}
          isOpen
          onClose={() => setRemoving(undefined)}
          actions={[
            <Button
              key="remove"
              variant="danger"
              isDisabled={!reason.trim()}
              onClick={() => {
                const { category, processor } = removing;
                setRemoving(undefined);
                void save(category, (lists.data?.[category] ?? defaultsOf(category)).filter((id) => id !== processor), reason.trim());
              }}
            >
              {t('remove')}
            </Button>,
            <Button key="cancel" variant="link" onClick={() => setRemoving(undefined)}>{t('cancel')}</Button>,
          ]}
        >
          <p className="pf-v5-u-mb-md">{t('ioRemoveProcessorHelp')}</p>
          {registered.get(removing.processor)?.essential && (
            <p className="pf-v5-u-mb-md pf-v5-u-danger-color-100">{t('ioRemoveEssentialWarning', removing)}</p>
          )}
          <FormGroup label={t('ioReason')} isRequired fieldId="io-remove-reason">
            <TextArea id="io-remove-reason" value={reason} onChange={(_event, value) => setReason(value)} />
          </FormGroup>
        </Modal>
      )}
    </>
  );
}
