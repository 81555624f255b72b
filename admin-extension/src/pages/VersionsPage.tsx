import { useRealm, ViewHeader } from '@keycloak/keycloak-admin-ui';
import {
  Button,
  Checkbox,
  CodeBlock,
  CodeBlockCode,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Label,
  NumberInput,
  PageSection,
  Tab,
  Tabs,
  TabTitleText,
  TextInput,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useIoApi, useLoad, type FlowDetail, type VersionSummary } from '../api';
import { ActionDialog, Empty, ErrorAlert, FlowLinks, formatTime, Loading, useAlerts } from '../components';
import type { FlowDiff } from '../designer';
import { MissingMessages } from '../MissingMessages';
import { DiffGraph } from './DiffGraph';

interface Diff {
  from: string;
  to: string;
  diff: FlowDiff;
}

/** A flow's versions: history, publish with a comment, activate, roll back, rollout split, diff. */
export default function VersionsPage() {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const { flowId = '' } = useParams();
  const api = useIoApi();
  const alert = useAlerts();
  const base = `/flows/${encodeURIComponent(flowId)}`;
  const flow = useLoad(() => api.get<FlowDetail>(base), [api, base]);
  const versions = useLoad(() => api.get<VersionSummary[]>(`${base}/versions`), [api, base]);
  const [comment, setComment] = useState('');
  const [activate, setActivate] = useState(false);
  const [error, setError] = useState<unknown>();
  const [rollout, setRollout] = useState<{ version: number; percentage: number }>();

  const reload = () => {
    flow.reload();
    versions.reload();
  };
  const act = async (action: () => Promise<string>) => {
    setError(undefined);
    try {
      alert('success', await action());
      reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const publish = () =>
    act(async () => {
      const answer = await api.send<VersionSummary>('POST', `${base}/versions`, { comment, activate });
      setComment('');
      return t('ioPublished', { version: answer.version });
    });
  const activateVersion = (version: number) =>
    act(async () => {
      const answer = await api.send<{ rollback?: boolean }>('PUT', `${base}/active`, { version });
      return t(answer.rollback ? 'ioRolledBack' : 'ioActivated', { version });
    });

  const active = flow.data?.activeVersion;
  return (
    <>
      <ViewHeader titleKey={flow.data?.name ?? flowId} subKey={t('ioVersionsHelp', { id: flowId })} noTranslate />
      <PageSection variant="light">
        <ErrorAlert error={flow.error ?? versions.error} />
        <ErrorAlert error={error} title={t('ioActionRefused')} />
        <FlowLinks realm={realm} flowId={flowId} current="versions" />
        <Title headingLevel="h2" size="lg">
          {t('ioPublish')}
        </Title>
        <MissingMessages flowId={flowId} />
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <TextInput
                aria-label={t('ioPublishComment')}
                placeholder={t('ioPublishComment')}
                data-testid="io-publish-comment"
                value={comment}
                onChange={(_event, value) => setComment(value)}
              />
            </ToolbarItem>
            <ToolbarItem>
              <Checkbox id="io-publish-activate" label={t('ioActivateNow')} isChecked={activate} onChange={(_event, value) => setActivate(value)} />
            </ToolbarItem>
            <ToolbarItem>
              <Button data-testid="io-publish" onClick={publish}>
                {t('ioPublishDraft')}
              </Button>
            </ToolbarItem>
            {flow.data?.rollout && (
              <ToolbarItem>
                <Button
                  variant="secondary"
                  onClick={() =>
                    act(async () => {
                      await api.send('DELETE', `${base}/rollout`);
                      return t('ioRolloutEnded');
                    })
                  }
                >
                  {t('ioEndRollout')}
                </Button>
              </ToolbarItem>
            )}
          </ToolbarContent>
        </Toolbar>
        <Title headingLevel="h2" size="lg" className="pf-v5-u-mt-md">
          {t('ioHistory')}
        </Title>
        {versions.loading && !versions.data ? (
          <Loading />
        ) : versions.data?.length === 0 ? (
          <Empty title={t('ioNoVersions')} body={t('ioNoVersionsHelp')} />
        ) : (
          versions.data && (
            <Table aria-label={t('ioHistory')} variant="compact" data-testid="io-versions-table">
              <Thead>
                <Tr>
                  <Th>{t('ioVersion')}</Th>
                  <Th>{t('ioAuthor')}</Th>
                  <Th>{t('ioTime')}</Th>
                  <Th>{t('ioComment')}</Th>
                  <Th>{t('ioStatus')}</Th>
                  <Th screenReaderText={t('ioActions')} />
                </Tr>
              </Thead>
              <Tbody>
                {versions.data.map((version) => (
                  <Tr key={version.version}>
                    <Td dataLabel={t('ioVersion')}>{version.version}</Td>
                    <Td dataLabel={t('ioAuthor')}>{version.author}</Td>
                    <Td dataLabel={t('ioTime')}>{formatTime(version.createdAt)}</Td>
                    <Td dataLabel={t('ioComment')}>{version.comment}</Td>
                    <Td dataLabel={t('ioStatus')}>
                      {version.active && <Label color="green">{t('ioStatus_active')}</Label>}
                      {version.rolloutPercentage !== undefined && (
                        <Label color="blue">{t('ioRolloutShort', { version: version.version, percentage: version.rolloutPercentage })}</Label>
                      )}
                    </Td>
                    <Td isActionCell>
                      <ActionsColumn
                        items={[
                          {
                            title: active !== undefined && version.version < active ? t('ioRollBackTo') : t('ioActivate'),
                            isDisabled: version.active,
                            onClick: () => activateVersion(version.version),
                          },
                          {
                            title: t('ioRollout'),
                            isDisabled: version.active || active === undefined,
                            onClick: () => setRollout({ version: version.version, percentage: version.rolloutPercentage ?? 10 }),
                          },
                        ]}
                      />
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )
        )}
        {versions.data && versions.data.length > 0 && <DiffPanel base={base} versions={versions.data} />}
      </PageSection>
      {rollout && (
        <ActionDialog
          variant="small"
          title={t('ioRolloutTitle', { version: rollout.version })}
          confirm={t('save')}
          confirmTestId="io-confirm-rollout"
          canConfirm={rollout.percentage >= 1 && rollout.percentage <= 99}
          onConfirm={async () => {
            await api.send('PUT', `${base}/rollout`, rollout);
            setRollout(undefined);
            alert('success', t('ioRolloutSet', rollout));
            reload();
          }}
          onClose={() => setRollout(undefined)}
        >
          <FormGroup label={t('ioRolloutPercentage')} fieldId="io-rollout-percentage">
            <NumberInput
              id="io-rollout-percentage"
              inputName="percentage"
              inputAriaLabel={t('ioRolloutPercentage')}
              minusBtnAriaLabel="-"
              plusBtnAriaLabel="+"
              value={rollout.percentage}
              min={1}
              max={99}
              unit="%"
              onMinus={() => setRollout({ ...rollout, percentage: Math.max(1, rollout.percentage - 1) })}
              onPlus={() => setRollout({ ...rollout, percentage: Math.min(99, rollout.percentage + 1) })}
              onChange={(event) => setRollout({ ...rollout, percentage: Number((event.target as HTMLInputElement).value) })}
            />
          </FormGroup>
        </ActionDialog>
      )}
    </>
  );
}

function DiffPanel({ base, versions }: { base: string; versions: VersionSummary[] }) {
  const { t } = useTranslation();
  const api = useIoApi();
  const options = [...versions.map((version) => String(version.version)), 'draft'];
  const [from, setFrom] = useState(String(versions[versions.length > 1 ? 1 : 0]!.version));
  const [to, setTo] = useState(String(versions[0]!.version === Number(from) ? 'draft' : versions[0]!.version));
  const diff = useLoad(() => api.get<Diff>(`${base}/diff?from=${from}&to=${to}`), [api, base, from, to]);
  const [view, setView] = useState<string | number>('graph');
  const label = (value: string) => (value === 'draft' ? t('ioDraft') : t('ioVersionN', { version: value }));
  const list = (title: string, items: string[]) =>
    items.length > 0 && (
      <li>
        {title}: <code>{items.join(', ')}</code>
      </li>
    );
  return (
    <div data-testid="io-diff">
      <Title headingLevel="h2" size="lg" className="pf-v5-u-mt-lg">
        {t('ioCompare')}
      </Title>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <FormSelect aria-label={t('ioDiffFrom')} data-testid="io-diff-from" value={from} onChange={(_event, value) => setFrom(value)}>
              {options.map((value) => (
                <FormSelectOption key={value} value={value} label={label(value)} />
              ))}
            </FormSelect>
          </ToolbarItem>
          <ToolbarItem>→</ToolbarItem>
          <ToolbarItem>
            <FormSelect aria-label={t('ioDiffTo')} data-testid="io-diff-to" value={to} onChange={(_event, value) => setTo(value)}>
              {options.map((value) => (
                <FormSelectOption key={value} value={value} label={label(value)} />
              ))}
            </FormSelect>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <ErrorAlert error={diff.error} />
      {diff.data &&
        !diff.loading &&
        (diff.data.diff.empty ? (
          <p data-testid="io-diff-empty">{t('ioNoDifference')}</p>
        ) : (
          <>
            <ul className="pf-v5-u-mb-md" data-testid="io-diff-summary">
              {list(t('ioNodesAdded'), diff.data.diff.nodes.added)}
              {list(t('ioNodesRemoved'), diff.data.diff.nodes.removed)}
              {list(
                t('ioNodesChanged'),
                diff.data.diff.nodes.changed.map((node) => `${node.id} (${node.fields.join(', ')})`),
              )}
              {list(t('ioLinksAdded'), diff.data.diff.links.added)}
              {list(t('ioLinksRemoved'), diff.data.diff.links.removed)}
              {list(t('ioFieldsChanged'), diff.data.diff.fields)}
            </ul>
            {/* Mounted when shown: reactflow fits the view to the size it has. */}
            <Tabs activeKey={view} onSelect={(_event, key) => setView(key)} mountOnEnter unmountOnExit aria-label={t('ioCompare')}>
              <Tab eventKey="graph" title={<TabTitleText>{t('ioDiffGraph')}</TabTitleText>} data-testid="io-diff-tab-graph">
                <DiffGraph base={base} from={from} to={to} diff={diff.data.diff} />
              </Tab>
              <Tab eventKey="json" title={<TabTitleText>{t('ioDiffJson')}</TabTitleText>} data-testid="io-diff-tab-json">
                <CodeBlock className="pf-v5-u-mt-sm">
                  <CodeBlockCode tabIndex={0} aria-label={t('ioCompare')} style={{ maxHeight: '40vh', overflow: 'auto' }}>
                    {JSON.stringify(diff.data, null, 2)}
                  </CodeBlockCode>
                </CodeBlock>
              </Tab>
            </Tabs>
          </>
        ))}
    </div>
  );
}
