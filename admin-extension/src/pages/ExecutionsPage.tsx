import { useRealm, ViewHeader } from '@keycloak/keycloak-admin-ui';
import { Alert, Button, CodeBlock, CodeBlockCode, DatePicker, Label, PageSection, Title, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { IoApiError, useIoApi, useLoad, type FlowDetail } from '../api';
import { Empty, ErrorAlert, FlowLinks, formatTime, Loading } from '../components';
import { FlowCanvas, toCanvas, type FlowDefinition, type NodeCounts } from '../designer';

// The answers of GET /io/flows/{id}/executions and /funnel (docs/admin-api.md, "Executions and funnel").
interface ExecutionStep {
  flowId: string;
  nodeId: string;
  nodeType: string;
  result: string;
  at: number;
  submitted?: Record<string, unknown>;
}
interface Execution {
  correlationId: string;
  flowId: string;
  flowVersion: string;
  status: 'active' | 'completed' | 'failed' | 'expired';
  startedAt: number;
  endedAt?: number;
  durationMs?: number;
  outcome?: string;
  error?: string;
  waitingAt?: string;
  variables?: unknown;
  trace: ExecutionStep[];
}
interface Funnel {
  flowId: string;
  from: string;
  to: string;
  nodes: Record<string, NodeCounts>;
}

const STATUS_COLOR = { active: 'blue', completed: 'green', failed: 'red', expired: 'grey' } as const;
const MAX_DAYS = 31;
const DAY = 86_400_000;
/** Funnel days are UTC days. */
const isoDay = (millis: number) => new Date(millis).toISOString().slice(0, 10);
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));

/** The definition the funnel is drawn on: the active version's, else the draft; none for a flow of the bridge's own files. */
async function definitionOf(api: ReturnType<typeof useIoApi>, base: string): Promise<FlowDefinition | undefined> {
  try {
    const flow = await api.get<FlowDetail>(base);
    if (flow.activeVersion === undefined || flow.activeVersion === null) return flow.draft as unknown as FlowDefinition;
    return (await api.get<{ definition: FlowDefinition }>(`${base}/versions/${flow.activeVersion}`)).definition;
  } catch (error) {
    if (error instanceof IoApiError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * A flow's recent journeys (status, duration, version, correlation id, redacted trace) and its
 * per-node funnel over a period: on the flow's canvas and as a table.
 */
export default function ExecutionsPage() {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const { flowId = '' } = useParams();
  const api = useIoApi();
  const base = `/flows/${encodeURIComponent(flowId)}`;
  const today = isoDay(Date.now());
  const [from, setFrom] = useState(isoDay(Date.now() - 6 * DAY));
  const [to, setTo] = useState(today);
  const [period, setPeriod] = useState({ from, to });
  const [expanded, setExpanded] = useState<string[]>([]);

  const days = isDay(from) && isDay(to) ? (Date.parse(to) - Date.parse(from)) / DAY + 1 : NaN;
  const periodProblem =
    !isDay(from) || !isDay(to) ? t('ioPeriodInvalid') : days < 1 ? t('ioPeriodOrder') : days > MAX_DAYS ? t('ioPeriodTooLong', { days: MAX_DAYS }) : undefined;

  const executions = useLoad(() => api.get<{ executions: Execution[] }>(`${base}/executions?limit=200`), [api, base]);
  const funnel = useLoad(() => api.get<Funnel>(`${base}/funnel?from=${period.from}&to=${period.to}`), [api, base, period]);
  const definition = useLoad(() => definitionOf(api, base), [api, base]);

  // The journeys that started in the period (UTC days, as the funnel).
  const shown = (executions.data?.executions ?? []).filter((execution) => {
    const day = isoDay(execution.startedAt);
    return day >= period.from && day <= period.to;
  });
  const counts = funnel.data?.nodes;
  const graph = useMemo(() => (definition.data ? toCanvas(definition.data, { counts: counts ?? {} }) : undefined), [definition.data, counts]);
  const funnelRows = Object.entries(counts ?? {}).sort(([, a], [, b]) => b.reached - a.reached);
  const toggle = (id: string) => setExpanded((open) => (open.includes(id) ? open.filter((other) => other !== id) : [...open, id]));

  return (
    <>
      <ViewHeader titleKey={t('ioExecutionsOf', { id: flowId })} subKey="ioExecutionsHelp" noTranslate />
      <PageSection variant="light">
        <FlowLinks realm={realm} flowId={flowId} current="executions" />
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <DatePicker aria-label={t('ioPeriodFrom')} value={from} onChange={(_event, value) => setFrom(value)} data-testid="io-period-from" />
            </ToolbarItem>
            <ToolbarItem>–</ToolbarItem>
            <ToolbarItem>
              <DatePicker aria-label={t('ioPeriodTo')} value={to} onChange={(_event, value) => setTo(value)} data-testid="io-period-to" />
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" isDisabled={periodProblem !== undefined} onClick={() => setPeriod({ from, to })} data-testid="io-period-apply">
                {t('ioShowPeriod')}
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button
                variant="link"
                onClick={() => {
                  executions.reload();
                  funnel.reload();
                }}
              >
                {t('ioRefresh')}
              </Button>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {periodProblem && <Alert variant="warning" isInline title={periodProblem} className="pf-v5-u-mb-md" />}
        <ErrorAlert error={executions.error ?? funnel.error ?? definition.error} />

        <Title headingLevel="h2" size="lg">
          {t('ioFunnel', { from: period.from, to: period.to })}
        </Title>
        {funnel.loading && !funnel.data ? (
          <Loading />
        ) : (
          <>
            {graph ? (
              <div className="io-funnel-canvas" data-testid="io-funnel-canvas">
                <FlowCanvas nodes={graph.nodes} edges={graph.edges} nodesDraggable={false} nodesConnectable={false} elementsSelectable={false} />
              </div>
            ) : (
              definition.data === undefined &&
              !definition.loading &&
              !definition.error && <Alert variant="info" isInline title={t('ioFunnelNoDefinition')} className="pf-v5-u-mb-md" />
            )}
            {/* A funnel or a list that could not be read is not an empty one. */}
            {funnelRows.length === 0 ? (
              !funnel.error && (
                <p className="pf-v5-u-my-md" data-testid="io-funnel-empty">
                  {t('ioFunnelEmpty')}
                </p>
              )
            ) : (
              <Table aria-label={t('ioFunnelTable')} variant="compact" data-testid="io-funnel-table" className="pf-v5-u-mt-md">
                <Thead>
                  <Tr>
                    <Th>{t('ioNodeColumn')}</Th>
                    <Th>{t('ioReached')}</Th>
                    <Th>{t('ioLeftBy')}</Th>
                    <Th>{t('ioStillThere')}</Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {funnelRows.map(([node, { reached, left }]) => (
                    <Tr key={node} data-testid={`io-funnel-${node}`}>
                      <Td dataLabel={t('ioNodeColumn')}>{node}</Td>
                      <Td dataLabel={t('ioReached')}>{reached}</Td>
                      <Td dataLabel={t('ioLeftBy')}>
                        {Object.entries(left)
                          .map(([port, count]) => `${port}: ${count}`)
                          .join(', ')}
                      </Td>
                      <Td dataLabel={t('ioStillThere')}>{reached - Object.values(left).reduce((sum, count) => sum + count, 0)}</Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </>
        )}

        <Title headingLevel="h2" size="lg" className="pf-v5-u-mt-lg">
          {t('ioRecentJourneys')}
        </Title>
        {executions.loading && !executions.data ? (
          <Loading />
        ) : executions.error ? null : shown.length === 0 ? (
          <Empty title={t('ioNoExecutions')} body={t('ioNoExecutionsHelp')} />
        ) : (
          <Table aria-label={t('ioRecentJourneys')} variant="compact" data-testid="io-executions-table">
            <Thead>
              <Tr>
                <Th screenReaderText={t('ioTrace')} />
                <Th>{t('ioStatus')}</Th>
                <Th>{t('ioStarted')}</Th>
                <Th>{t('ioDuration')}</Th>
                <Th>{t('ioVersion')}</Th>
                <Th>{t('ioCorrelationId')}</Th>
                <Th>{t('ioOutcome')}</Th>
              </Tr>
            </Thead>
            {shown.map((execution, rowIndex) => {
              const open = expanded.includes(execution.correlationId);
              return (
                <Tbody key={execution.correlationId} isExpanded={open} data-testid={`io-execution-${execution.correlationId}`}>
                  <Tr>
                    <Td expand={{ rowIndex, isExpanded: open, onToggle: () => toggle(execution.correlationId), expandId: `io-execution-${rowIndex}` }} />
                    <Td dataLabel={t('ioStatus')}>
                      <Label color={STATUS_COLOR[execution.status]}>{t(`ioRunStatus_${execution.status}`)}</Label>
                    </Td>
                    <Td dataLabel={t('ioStarted')}>{formatTime(execution.startedAt)}</Td>
                    <Td dataLabel={t('ioDuration')}>
                      {execution.durationMs === undefined ? '—' : t('ioSeconds', { seconds: (execution.durationMs / 1000).toFixed(1) })}
                    </Td>
                    <Td dataLabel={t('ioVersion')}>{execution.flowVersion}</Td>
                    <Td dataLabel={t('ioCorrelationId')}>
                      <code>{execution.correlationId}</code>
                    </Td>
                    <Td dataLabel={t('ioOutcome')}>
                      {execution.error ?? execution.outcome ?? (execution.waitingAt ? t('ioWaitingAt', { node: execution.waitingAt }) : '—')}
                    </Td>
                  </Tr>
                  <Tr isExpanded={open}>
                    <Td colSpan={7}>
                      <ExpandableRowContent>
                        <Table aria-label={t('ioTraceOf', { id: execution.correlationId })} variant="compact" borders={false}>
                          <Thead>
                            <Tr>
                              <Th>{t('ioNodeColumn')}</Th>
                              <Th>{t('ioNodeType')}</Th>
                              <Th>{t('ioResult')}</Th>
                              <Th>{t('ioTime')}</Th>
                              <Th>{t('ioSubmitted')}</Th>
                            </Tr>
                          </Thead>
                          <Tbody>
                            {execution.trace.map((step, index) => (
                              <Tr key={index}>
                                <Td dataLabel={t('ioNodeColumn')}>{step.flowId === execution.flowId ? step.nodeId : `${step.flowId} · ${step.nodeId}`}</Td>
                                <Td dataLabel={t('ioNodeType')}>{step.nodeType}</Td>
                                <Td dataLabel={t('ioResult')}>{step.result}</Td>
                                <Td dataLabel={t('ioTime')}>{formatTime(step.at)}</Td>
                                <Td dataLabel={t('ioSubmitted')}>{step.submitted ? <code>{JSON.stringify(step.submitted)}</code> : ''}</Td>
                              </Tr>
                            ))}
                          </Tbody>
                        </Table>
                        {execution.variables !== undefined && (
                          <CodeBlock className="pf-v5-u-mt-sm">
                            <CodeBlockCode tabIndex={0} aria-label={t('ioVariables')}>
                              {JSON.stringify(execution.variables, null, 2)}
                            </CodeBlockCode>
                          </CodeBlock>
                        )}
                      </ExpandableRowContent>
                    </Td>
                  </Tr>
                </Tbody>
              );
            })}
          </Table>
        )}
      </PageSection>
    </>
  );
}
