import { ViewHeader } from '@keycloak/keycloak-admin-ui';
import {
  Button,
  Card,
  CardBody,
  CardTitle,
  FormSelect,
  FormSelectOption,
  Label,
  PageSection,
  Tab,
  Tabs,
  TabTitleText,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useIoApi, useLoad, type IoApi } from '../api';
import { ErrorAlert, Loading, useAlerts } from '../components';
import { flowCategories } from '../designer/model/index.js';
import { categoryList, processorCatalog, processorInfo, type RealmLists } from '../processors';
import { FlowProcessorsView } from './FlowProcessors';
import { ProcessorTable, RemoveProcessorDialog } from './ProcessorTable';

/**
 * The processors run around every step: per flow category (the realm's list, else the bridge's
 * defaults, shown as such; changing one saves the realm's own list) and per flow (what one flow
 * runs: its category's list with its own settings applied). Security-essential processors are
 * marked. Removing one asks for a reason, recorded with the change. `?flow=<id>` opens a flow.
 */
export default function ProcessorsPage() {
  const { t } = useTranslation();
  const api = useIoApi();
  const lists = useLoad(() => api.get<RealmLists>('/processors'), [api]);
  const [search] = useSearchParams();
  const [tab, setTab] = useState<string | number>(search.has('flow') ? 'flows' : 'categories');

  return (
    <>
      <ViewHeader titleKey="ioProcessors" subKey="ioProcessorsHelp" />
      <PageSection>
        <ErrorAlert error={lists.error} />
        {lists.loading && !lists.data && <Loading />}
        {lists.data && (
          <Tabs activeKey={tab} onSelect={(_event, key) => setTab(key)} mountOnEnter unmountOnExit aria-label={t('ioProcessors')}>
            <Tab eventKey="categories" title={<TabTitleText>{t('ioProcessorsByCategory')}</TabTitleText>} data-testid="io-processors-tab-categories">
              <CategoryProcessors api={api} lists={lists.data} reload={lists.reload} />
            </Tab>
            <Tab eventKey="flows" title={<TabTitleText>{t('ioProcessorsByFlow')}</TabTitleText>} data-testid="io-processors-tab-flows">
              <FlowProcessorsView lists={lists.data} />
            </Tab>
          </Tabs>
        )}
      </PageSection>
    </>
  );
}

/** Each flow category's list: add a processor, remove one (with a reason, kept in the admin event). */
function CategoryProcessors({ api, lists, reload }: { api: IoApi; lists: RealmLists; reload: () => void }) {
  const { t } = useTranslation();
  const alert = useAlerts();
  const [error, setError] = useState<unknown>();
  const [adding, setAdding] = useState<Record<string, string>>({});
  const [removing, setRemoving] = useState<{ category: string; processor: string; processors: string[] }>();

  const put = async (category: string, processors: string[], reason?: string) => {
    await api.send('PUT', `/processors/${encodeURIComponent(category)}`, reason ? { processors, reason } : { processors });
    alert('success', t('ioProcessorsSaved', { category }));
    reload();
  };
  const add = async (category: string, processors: string[]) => {
    setError(undefined);
    try {
      await put(category, processors);
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <>
      <ErrorAlert error={error} title={t('ioActionRefused')} />
      {flowCategories.map((category) => {
        const { processors, own } = categoryList(category, lists);
        return (
          <Card key={category} className="pf-v5-u-my-md" data-testid={`io-processors-${category}`}>
            <CardTitle component="h2">
              {category} {!own && <Label className="pf-v5-u-ml-sm">{t('ioBridgeDefaults')}</Label>}
            </CardTitle>
            <CardBody>
              {processors.length > 0 && (
                <ProcessorTable
                  label={t('ioProcessorsOf', { category })}
                  scope={category}
                  processors={processors}
                  onRemove={(processor) => setRemoving({ category, processor, processors })}
                />
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
                      {processorCatalog
                        .filter(({ id }) => !processors.includes(id))
                        .map(({ id }) => (
                          <FormSelectOption key={id} value={id} label={id} />
                        ))}
                    </FormSelect>
                  </ToolbarItem>
                  <ToolbarItem>
                    <Button
                      variant="secondary"
                      isDisabled={!adding[category]}
                      onClick={() => {
                        void add(category, [...processors, adding[category]!]);
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
      {removing && (
        <RemoveProcessorDialog
          title={t('ioRemoveProcessorTitle', removing)}
          onClose={() => setRemoving(undefined)}
          onRemove={async (reason) => {
            await put(
              removing.category,
              removing.processors.filter((id) => id !== removing.processor),
              reason,
            );
            setRemoving(undefined);
          }}
        >
          <p className="pf-v5-u-mb-md">{t('ioRemoveProcessorHelp')}</p>
          {processorInfo(removing.processor)?.essential && <p className="pf-v5-u-mb-md pf-v5-u-danger-color-100">{t('ioRemoveEssentialWarning', removing)}</p>}
        </RemoveProcessorDialog>
      )}
    </>
  );
}
