import { useRealm, ViewHeader } from '@keycloak/keycloak-admin-ui';
import {
  ActionGroup,
  Alert,
  Button,
  FileUpload,
  FormSelect,
  FormSelectOption,
  PageSection,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { MinusCircleIcon, PlusCircleIcon } from '@patternfly/react-icons';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { download, useIoApi, useLoad } from '../api';
import { ErrorAlert, FlowLinks, Loading, readJsonFile, useAlerts } from '../components';

type Bundles = Record<string, Record<string, string>>;

/** A flow's draft message bundles per locale: inline edit, upload/download, missing keys per locale. */
export default function MessagesPage() {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const { flowId = '' } = useParams();
  const api = useIoApi();
  const alert = useAlerts();
  const base = `/flows/${encodeURIComponent(flowId)}/messages`;
  const bundles = useLoad(() => api.get<Bundles>(base), [api, base]);
  const missing = useLoad(() => api.get<{ keys: string[]; missing: Record<string, string[]> }>(`${base}/missing`), [api, base]);
  const [locale, setLocale] = useState('en');
  const [newLocale, setNewLocale] = useState('');
  const [rows, setRows] = useState<Array<{ key: string; text: string }>>([]);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    setRows(Object.entries(bundles.data?.[locale] ?? {}).map(([key, text]) => ({ key, text })));
  }, [bundles.data, locale]);

  const locales = [...new Set([...Object.keys(bundles.data ?? {}), locale])].sort();
  const edit = (index: number, change: Partial<{ key: string; text: string }>) => setRows(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const put = async (target: string, bundle: Record<string, string>) => {
    setError(undefined);
    try {
      await api.send('PUT', `${base}/${encodeURIComponent(target)}`, bundle);
      alert('success', t('ioMessagesSaved', { locale: target }));
      bundles.reload();
      missing.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const upload = async (file: File) => {
    try {
      await put(locale, (await readJsonFile(file)) as Record<string, string>);
    } catch (caught) {
      setError(caught);
    }
  };
  const missingHere = missing.data?.missing[locale] ?? [];

  return (
    <>
      <ViewHeader titleKey={t('ioLocalizationOf', { id: flowId })} subKey="ioLocalizationHelp" noTranslate />
      <PageSection variant="light">
        <FlowLinks realm={realm} flowId={flowId} current="messages" />
        <ErrorAlert error={bundles.error ?? missing.error} />
        <ErrorAlert error={error} title={t('ioActionRefused')} />
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <FormSelect aria-label={t('ioLocale')} value={locale} onChange={(_event, value) => setLocale(value)}>
                {locales.map((value) => (
                  <FormSelectOption key={value} value={value} label={value} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <TextInput aria-label={t('ioNewLocale')} placeholder={t('ioNewLocale')} value={newLocale} onChange={(_event, value) => setNewLocale(value)} />
            </ToolbarItem>
            <ToolbarItem>
              <Button
                variant="secondary"
                isDisabled={!newLocale.trim()}
                onClick={() => {
                  setLocale(newLocale.trim());
                  setNewLocale('');
                }}
              >
                {t('ioAddLocale')}
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              {/* Nothing to offer while the bundles are unread: an empty file would look like a flow without texts. */}
              <Button variant="secondary" isDisabled={!bundles.data} onClick={() => bundles.data && download(`${flowId}.messages.json`, bundles.data)}>
                {t('ioDownload')}
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <FileUpload
                id="io-messages-upload"
                filenamePlaceholder={t('ioUploadBundle', { locale })}
                browseButtonText={t('ioUpload')}
                hideDefaultPreview
                onFileInputChange={(_event, file) => void upload(file)}
              />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {missingHere.length > 0 && (
          <Alert
            variant="warning"
            isInline
            title={t('ioMissingKeys', { locale, count: missingHere.length })}
            className="pf-v5-u-mb-md"
            data-testid="io-missing"
          >
            {missingHere.map((key) => (
              <code key={key} className="pf-v5-u-mr-sm">
                {key}
              </code>
            ))}
          </Alert>
        )}
        {/* Without the bundles there is nothing to edit: saving would replace them. */}
        {bundles.loading && !bundles.data ? (
          <Loading />
        ) : (
          bundles.data && (
            <>
              <Table aria-label={t('ioMessages')} variant="compact">
                <Thead>
                  <Tr>
                    <Th width={30}>{t('key')}</Th>
                    <Th>{t('ioText')}</Th>
                    <Th screenReaderText={t('ioActions')} />
                  </Tr>
                </Thead>
                <Tbody>
                  {rows.map((row, index) => (
                    <Tr key={index}>
                      <Td dataLabel={t('key')}>
                        <TextInput aria-label={t('key')} value={row.key} onChange={(_event, key) => edit(index, { key })} />
                      </Td>
                      <Td dataLabel={t('ioText')}>
                        <TextInput aria-label={t('ioText')} value={row.text} onChange={(_event, text) => edit(index, { text })} />
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
              <Button variant="link" icon={<PlusCircleIcon />} onClick={() => setRows([...rows, { key: '', text: '' }])}>
                {t('ioAddMessage')}
              </Button>
              <ActionGroup className="pf-v5-u-mt-md">
                <Button onClick={() => put(locale, Object.fromEntries(rows.map(({ key, text }) => [key, text])))}>{t('save')}</Button>
                <Button variant="link" onClick={() => bundles.reload()}>
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
