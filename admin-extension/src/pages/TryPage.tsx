import { useRealm, ViewHeader } from '@keycloak/keycloak-admin-ui';
import {
  ActionGroup,
  Alert,
  Button,
  Checkbox,
  Flex,
  FlexItem,
  CodeBlock,
  CodeBlockCode,
  Form,
  FormGroup,
  FormHelperText,
  FormSection,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  HelperText,
  HelperTextItem,
  Label,
  PageSection,
  Radio,
  TextArea,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useIoApi, useLoad, type FlowDetail } from '../api';
import { ErrorAlert, FlowLinks, Loading } from '../components';
import { nodeTypeCatalog, type FlowDefinition } from '../designer';

// The answers of POST /io/flows/{id}/try and /try/{runId} (docs/admin-api.md, "Try it").
interface TryScreen {
  html: string;
  stepId: string;
  handlers: string[];
  redirectTo?: string;
}
interface TryTraceEntry {
  stepId: string;
  flowId: string;
  nodeId: string;
  nodeType: string;
  phase: string;
  handler?: string;
  branch?: string;
  durationMs: number;
  error?: { code: string; message: string };
}
interface TryAnswer {
  runId: string;
  status: 'active' | 'completed' | 'failed';
  screen?: TryScreen;
  at?: { flowId: string; nodeId: string };
  variables: { flow: Record<string, unknown>; session: Record<string, unknown> };
  trace: TryTraceEntry[];
  outcome?: string;
  error?: string;
  evidence?: { outcome: string; error?: string; entries: unknown; actions: unknown; refusal?: { code: string; message: string } };
  mail: Array<{ to: string; subject: string; text: string }>;
  warnings: string[];
}

interface StubInput {
  port: string;
  outputs: string;
}
interface Settings {
  integrations: 'stubbed' | 'real';
  stubs: Record<string, StubInput>;
  withUser: boolean;
  user: { username: string; email: string; given_name: string; family_name: string };
  locale: string;
}

/** The hidden fields of a theme screen's form that are not the tester's values (the handler is sent apart). */
const HIDDEN_FIELDS = ['_csrf', '_step', '_handler'];
const STATUS_COLOR = { active: 'blue', completed: 'green', failed: 'red' } as const;

/** The integration nodes of the draft that a stubbed run answers from stubs (as the bridge: integration kind, not a library call). */
function stubbableNodes(flow: FlowDefinition) {
  return flow.nodes.filter((node) => nodeTypeCatalog.get(node.type)?.kind === 'integration' && node.type !== 'call-flow');
}

function parseOutputs(text: string): Record<string, unknown> | undefined {
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Try it of the flow's stored draft: the page of a flow (the designer tries its unsaved model with `TryPanel` too). */
export default function TryPage() {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const { flowId = '' } = useParams();
  const api = useIoApi();
  const flow = useLoad(() => api.get<FlowDetail>(`/flows/${encodeURIComponent(flowId)}`), [api, flowId]);
  const draft = flow.data?.draft as unknown as FlowDefinition | undefined;
  return (
    <>
      <ViewHeader titleKey={t('ioTryItOf', { id: flowId })} subKey="ioTryItHelp" noTranslate />
      <PageSection variant="light">
        <FlowLinks realm={realm} flowId={flowId} current="try" />
        <ErrorAlert error={flow.error} />
        {flow.loading && !flow.data && <Loading />}
        {draft && <TryPanel flowId={flowId} flow={draft} />}
      </PageSection>
    </>
  );
}

/**
 * Try it: runs a flow on the bridge's test mode, step by step, with the realm's theme and processor
 * lists. `candidate`: `flow` itself is sent and run (the designer's model with unsaved changes);
 * otherwise the stored draft runs and `flow` (that draft) only lists the integration nodes to stub.
 * The screens are the theme's real pages in a sandboxed frame (no scripts, no form submission): the
 * tester uses the screen's own buttons, and the console sends the form's values to the run.
 * Nothing is kept beyond this component's state.
 */
export function TryPanel({ flowId, flow: draft, candidate = false }: { flowId: string; flow: FlowDefinition; candidate?: boolean }) {
  const { t } = useTranslation();
  const api = useIoApi();
  const base = `/flows/${encodeURIComponent(flowId)}`;
  const [settings, setSettings] = useState<Settings>({
    integrations: 'stubbed',
    stubs: {},
    withUser: true,
    user: { username: 'tester', email: 'tester@example.com', given_name: '', family_name: '' },
    locale: '',
  });
  const [run, setRun] = useState<TryAnswer>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(true);

  const integrationNodes = stubbableNodes(draft);
  const badOutputs = Object.entries(settings.stubs)
    .filter(([, stub]) => parseOutputs(stub.outputs) === undefined)
    .map(([node]) => node);

  const call = async (request: () => Promise<TryAnswer>) => {
    setBusy(true);
    setError(undefined);
    try {
      setRun(await request());
      setEditing(false);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const start = () =>
    call(() => {
      const stubs = Object.fromEntries(
        Object.entries(settings.stubs)
          .filter(([id, stub]) => integrationNodes.some((node) => node.id === id) && (stub.port || stub.outputs.trim()))
          .map(([id, stub]) => [id, { ...(stub.port ? { port: stub.port } : {}), ...(stub.outputs.trim() ? { outputs: parseOutputs(stub.outputs) } : {}) }]),
      );
      const user = Object.fromEntries(Object.entries(settings.user).filter(([, value]) => value.trim() !== ''));
      return api.send<TryAnswer>('POST', `${base}/try`, {
        ...(candidate ? { definition: draft } : {}),
        integrations: settings.integrations,
        ...(settings.integrations === 'stubbed' ? { stubs } : {}),
        ...(settings.withUser ? { user } : {}),
        ...(settings.locale.trim() ? { locale: settings.locale.trim() } : {}),
      });
    });

  const step = (handler: string, values: Record<string, string>) =>
    run?.screen && call(() => api.send<TryAnswer>('POST', `${base}/try/${encodeURIComponent(run.runId)}`, { stepId: run.screen!.stepId, handler, values }));

  const setStub = (id: string, change: Partial<StubInput>) =>
    setSettings({ ...settings, stubs: { ...settings.stubs, [id]: { port: '', outputs: '', ...settings.stubs[id], ...change } } });
  const setUser = (field: keyof Settings['user'], value: string) => setSettings({ ...settings, user: { ...settings.user, [field]: value } });

  return (
    <>
      {candidate && <Alert variant="info" isInline title={t('ioTryUnsaved')} className="pf-v5-u-mb-md" data-testid="io-try-unsaved" />}
      <ErrorAlert error={error} title={t('ioTryRefused')} />
      {editing && (
        <Form
          data-testid="io-try-form"
          onSubmit={(event) => {
            event.preventDefault();
            void start();
          }}
        >
          <FormGroup role="radiogroup" isInline fieldId="io-try-integrations" label={t('ioIntegrations')}>
            <Radio
              id="io-try-stubbed"
              name="integrations"
              label={t('ioIntegrationsStubbed')}
              isChecked={settings.integrations === 'stubbed'}
              onChange={() => setSettings({ ...settings, integrations: 'stubbed' })}
            />
            <Radio
              id="io-try-real"
              name="integrations"
              label={t('ioIntegrationsReal')}
              isChecked={settings.integrations === 'real'}
              onChange={() => setSettings({ ...settings, integrations: 'real' })}
            />
          </FormGroup>
          {settings.integrations === 'real' && <Alert variant="warning" isInline title={t('ioIntegrationsRealWarning')} />}
          {settings.integrations === 'stubbed' && integrationNodes.length > 0 && (
            <FormSection title={t('ioStubs')} titleElement="h2">
              {integrationNodes.map((node) => {
                const type = nodeTypeCatalog.get(node.type);
                const stub = settings.stubs[node.id] ?? { port: '', outputs: '' };
                const invalid = badOutputs.includes(node.id);
                return (
                  <Grid hasGutter key={node.id} data-testid={`io-stub-${node.id}`}>
                    <GridItem span={4}>
                      <FormGroup label={t('ioStubPort', { node: node.id, type: node.type })} fieldId={`io-stub-port-${node.id}`}>
                        <FormSelect id={`io-stub-port-${node.id}`} value={stub.port} onChange={(_event, port) => setStub(node.id, { port })}>
                          <FormSelectOption value="" label={t('ioStubDefaultPort', { port: type?.ports[0] ?? '' })} />
                          {(type?.ports ?? []).map((port) => (
                            <FormSelectOption key={port} value={port} label={port} />
                          ))}
                        </FormSelect>
                      </FormGroup>
                    </GridItem>
                    <GridItem span={8}>
                      <FormGroup label={t('ioStubOutputs', { node: node.id })} fieldId={`io-stub-outputs-${node.id}`}>
                        <TextArea
                          id={`io-stub-outputs-${node.id}`}
                          className="io-designer-json"
                          rows={2}
                          placeholder='{"status": 200}'
                          value={stub.outputs}
                          validated={invalid ? 'error' : 'default'}
                          onChange={(_event, outputs) => setStub(node.id, { outputs })}
                        />
                        {invalid && (
                          <FormHelperText>
                            <HelperText>
                              <HelperTextItem variant="error">{t('ioStubOutputsInvalid')}</HelperTextItem>
                            </HelperText>
                          </FormHelperText>
                        )}
                      </FormGroup>
                    </GridItem>
                  </Grid>
                );
              })}
            </FormSection>
          )}
          <FormSection title={t('ioTestUser')} titleElement="h2">
            <Checkbox
              id="io-try-with-user"
              label={t('ioTestUserHelp')}
              isChecked={settings.withUser}
              onChange={(_event, withUser) => setSettings({ ...settings, withUser })}
            />
            {settings.withUser && (
              <Grid hasGutter>
                {(['username', 'email', 'given_name', 'family_name'] as const).map((field) => (
                  <GridItem span={3} key={field}>
                    <FormGroup label={t(`ioTestUser_${field}`)} fieldId={`io-try-user-${field}`} isRequired={field === 'username'}>
                      <TextInput
                        id={`io-try-user-${field}`}
                        value={settings.user[field]}
                        isRequired={field === 'username'}
                        onChange={(_event, value) => setUser(field, value)}
                      />
                    </FormGroup>
                  </GridItem>
                ))}
              </Grid>
            )}
          </FormSection>
          <FormGroup label={t('ioLocale')} fieldId="io-try-locale">
            <TextInput
              id="io-try-locale"
              placeholder={t('ioTryLocaleDefault')}
              value={settings.locale}
              onChange={(_event, locale) => setSettings({ ...settings, locale })}
            />
          </FormGroup>
          <ActionGroup>
            <Button type="submit" data-testid="io-try-start" isDisabled={busy || badOutputs.length > 0} isLoading={busy}>
              {t('ioTryStart')}
            </Button>
            {run && (
              <Button variant="link" onClick={() => setEditing(false)}>
                {t('cancel')}
              </Button>
            )}
          </ActionGroup>
        </Form>
      )}
      {run && !editing && (
        <RunView
          run={run}
          busy={busy}
          onStep={step}
          onRunAgain={() => void start()}
          onChangeSettings={() => {
            setEditing(true);
            setRun(undefined);
          }}
        />
      )}
    </>
  );
}

function RunView({
  run,
  busy,
  onStep,
  onRunAgain,
  onChangeSettings,
}: {
  run: TryAnswer;
  busy: boolean;
  onStep: (handler: string, values: Record<string, string>) => void;
  onRunAgain: () => void;
  onChangeSettings: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid="io-try-run">
      <Flex className="pf-v5-u-mb-md" alignItems={{ default: 'alignItemsCenter' }}>
        <FlexItem>
          <Label color={STATUS_COLOR[run.status]} data-testid="io-try-status">
            {t(`ioRunStatus_${run.status}`)}
          </Label>
        </FlexItem>
        {run.outcome && <FlexItem data-testid="io-try-outcome">{t('ioOutcomeIs', { outcome: run.outcome })}</FlexItem>}
        {run.at && <FlexItem>{t('ioRunAt', { node: run.at.nodeId, flow: run.at.flowId })}</FlexItem>}
        <FlexItem>
          <Button variant="secondary" onClick={onRunAgain} isDisabled={busy} data-testid="io-try-again">
            {t('ioRunAgain')}
          </Button>
          <Button variant="link" onClick={onChangeSettings}>
            {t('ioChangeSettings')}
          </Button>
        </FlexItem>
      </Flex>
      {run.error && <Alert variant="danger" isInline title={t('ioRunError', { error: run.error })} className="pf-v5-u-mb-md" />}
      {run.warnings.length > 0 && (
        <Alert variant="warning" isInline title={t('ioWarnings')} className="pf-v5-u-mb-md">
          <ul>
            {run.warnings.map((warning, index) => (
              <li key={index}>{warning}</li>
            ))}
          </ul>
        </Alert>
      )}
      <Grid hasGutter>
        <GridItem lg={7}>{run.screen ? <ScreenFrame screen={run.screen} busy={busy} onStep={onStep} /> : <Evidence run={run} />}</GridItem>
        <GridItem lg={5}>
          <Title headingLevel="h2" size="lg">
            {t('ioVariables')}
          </Title>
          <Json label={t('ioVariables')} value={run.variables} testId="io-try-variables" />
          {run.mail.length > 0 && (
            <>
              <Title headingLevel="h2" size="lg" className="pf-v5-u-mt-md">
                {t('ioMailCaptured')}
              </Title>
              <ul data-testid="io-try-mail">
                {run.mail.map((mail, index) => (
                  <li key={index}>
                    <strong>{mail.subject}</strong> → {mail.to}
                    <pre className="pf-v5-u-font-size-sm">{mail.text}</pre>
                  </li>
                ))}
              </ul>
            </>
          )}
        </GridItem>
      </Grid>
      <Title headingLevel="h2" size="lg" className="pf-v5-u-mt-md">
        {t('ioTrace')}
      </Title>
      <Table aria-label={t('ioTrace')} variant="compact" data-testid="io-try-trace">
        <Thead>
          <Tr>
            <Th>{t('ioNodeColumn')}</Th>
            <Th>{t('ioNodeType')}</Th>
            <Th>{t('ioPhase')}</Th>
            <Th>{t('ioResult')}</Th>
            <Th>{t('ioDurationMs')}</Th>
          </Tr>
        </Thead>
        <Tbody>
          {run.trace.map((entry, index) => (
            <Tr key={index}>
              <Td dataLabel={t('ioNodeColumn')}>{entry.flowId === run.trace[0]?.flowId ? entry.nodeId : `${entry.flowId} · ${entry.nodeId}`}</Td>
              <Td dataLabel={t('ioNodeType')}>{entry.nodeType}</Td>
              <Td dataLabel={t('ioPhase')}>{entry.handler ? `${entry.phase} (${entry.handler})` : entry.phase}</Td>
              <Td dataLabel={t('ioResult')}>{entry.error ? `${entry.error.code}: ${entry.error.message}` : entry.branch}</Td>
              <Td dataLabel={t('ioDurationMs')}>{entry.durationMs}</Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </div>
  );
}

/**
 * The theme's page in `<iframe sandbox="allow-same-origin" srcdoc>`: no script runs in it and its
 * forms cannot submit (sandbox and its CSP). A frame sandboxed without allow-forms never fires
 * `submit`, so the activation of a submit button (a click; Enter in a field clicks the form's
 * default button) is taken instead: its form's values, minus the hidden fields, go to the run with
 * the form's `_handler`.
 */
function ScreenFrame({ screen, busy, onStep }: { screen: TryScreen; busy: boolean; onStep: (handler: string, values: Record<string, string>) => void }) {
  const { t } = useTranslation();
  const frame = useRef<HTMLIFrameElement>(null);
  const stepRef = useRef(onStep);
  stepRef.current = onStep;

  const attach = () => {
    const document = frame.current?.contentDocument;
    if (!document) return;
    document.addEventListener('click', (event) => {
      // The frame's elements are of its own realm: no `instanceof` of this window's classes.
      const target = event.target as Element | null;
      const submitter = target?.closest?.('button, input[type="submit"], input[type="image"]') as HTMLButtonElement | HTMLInputElement | null;
      if (submitter?.type !== 'submit' || !submitter.form) return;
      event.preventDefault();
      const form = submitter.form;
      if (!submitter.formNoValidate && !form.reportValidity()) return;
      const data = new FormData(form, submitter);
      const handler = String(data.get('_handler') ?? screen.handlers[0] ?? 'submit');
      const values: Record<string, string> = {};
      data.forEach((value, key) => {
        if (!HIDDEN_FIELDS.includes(key) && typeof value === 'string') values[key] = value;
      });
      stepRef.current(handler, values);
    });
  };

  return (
    <>
      <Title headingLevel="h2" size="lg">
        {t('ioScreen')}
      </Title>
      {screen.redirectTo && (
        <Alert variant="info" isInline title={t('ioRedirectStep', { url: screen.redirectTo })} className="pf-v5-u-mb-sm">
          <Button variant="secondary" isDisabled={busy} onClick={() => onStep('return', {})}>
            {t('ioRedirectReturn')}
          </Button>
        </Alert>
      )}
      {/* A new screen is a new frame (key), so its document gets the listener when it loaded. */}
      <iframe
        key={screen.stepId}
        ref={frame}
        title={t('ioScreenFrame')}
        data-testid="io-try-frame"
        sandbox="allow-same-origin"
        srcDoc={screen.html}
        onLoad={attach}
        style={{ width: '100%', height: 560, border: '1px solid var(--pf-v5-global--BorderColor--100)', opacity: busy ? 0.6 : 1 }}
      />
    </>
  );
}

function Evidence({ run }: { run: TryAnswer }) {
  const { t } = useTranslation();
  if (!run.evidence) return null;
  return (
    <>
      <Title headingLevel="h2" size="lg">
        {t('ioEvidence')}
      </Title>
      <p className="pf-v5-u-mb-sm">{t('ioEvidenceHelp')}</p>
      {run.evidence.refusal && (
        <Alert variant="warning" isInline title={t('ioEvidenceRefusal', { code: run.evidence.refusal.code })} className="pf-v5-u-mb-sm">
          {run.evidence.refusal.message}
        </Alert>
      )}
      <Json label={t('ioEvidence')} value={run.evidence} testId="io-try-evidence" />
    </>
  );
}

function Json({ label, value, testId }: { label: string; value: unknown; testId: string }) {
  return (
    <CodeBlock>
      <CodeBlockCode tabIndex={0} aria-label={label} data-testid={testId} style={{ maxHeight: '40vh', overflow: 'auto' }}>
        {JSON.stringify(value, null, 2)}
      </CodeBlockCode>
    </CodeBlock>
  );
}
