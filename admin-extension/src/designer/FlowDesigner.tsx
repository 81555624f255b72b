/**
 * The flow designer: the flow definition JSON drawn on a reactflow canvas and edited through the
 * model (src/designer/model). What the canvas shows is that definition and nothing else; node
 * ports come from the bridge (validate answer) or the generated catalog. Changes are validated live
 * (debounced POST /io/flows/{id}/validate with the candidate) and saved with "Save draft".
 */
import { useAdminClient, useRealm } from '@keycloak/keycloak-admin-ui';
import {
  Alert,
  Bullseye,
  Button,
  Checkbox,
  Form,
  FormGroup,
  Label,
  List,
  ListItem,
  Modal,
  ModalVariant,
  Spinner,
  Tab,
  Tabs,
  TabTitleText,
  TextArea,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ReactFlowProvider, useReactFlow, type Edge, type Node, type NodeChange } from 'reactflow';
import { ErrorAlert, useAlerts } from '../components.js';
import { MissingMessages } from '../MissingMessages.js';
import { IoApiError, ioApi } from './api.js';
import { edgeId, toCanvas } from './canvas.js';
import { FlowCanvas } from './FlowCanvas.js';
import { FlowSettingsPanel } from './FlowSettingsPanel.js';
import {
  addNode,
  autoLayout,
  canRedo,
  canUndo,
  connect,
  copy,
  deleteNodes,
  disconnect,
  historyOf,
  moveNode,
  paste,
  placeIssues,
  record,
  redo,
  renameNode,
  undo,
  updateFlow,
  updateNode,
  variablesInScope,
  type Clipboard,
  type FlowDefinition,
  type History,
  type Position,
  type ValidationAnswer,
  type ValidationIssue,
} from './model/index.js';
import { NodePanel } from './NodePanel.js';
import { nodeTypeCatalog, nodeTypeList } from './node-types.js';
import { nodeTypeMime, Palette } from './Palette.js';
import { VariablesPanel } from './VariablesPanel.js';

export interface FlowDesignerProps {
  /** The flow (its id in the realm's IO flows). */
  flowId: string;
  /** A published version to show read-only; without it the draft is edited. */
  version?: number;
  /** Offers Try it of the model as it is now; `unsaved`: it differs from the stored draft. */
  onTry?: (flow: FlowDefinition, unsaved: boolean) => void;
}

const validateDelayMs = 600;

export function FlowDesigner(props: FlowDesignerProps) {
  return (
    <ReactFlowProvider>
      <Designer {...props} />
    </ReactFlowProvider>
  );
}

function Designer({ flowId, version, onTry }: FlowDesignerProps) {
  const { t } = useTranslation();
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();
  // The IO pages' toasts (IoLayout provides them): the stock console's alert context is not the one this bundle's ui-shared sees.
  const alert = useAlerts();
  const api = useMemo(() => ioApi(adminClient, realm), [adminClient, realm]);
  const readOnly = version !== undefined;
  const reactFlow = useReactFlow();
  const canvas = useRef<HTMLDivElement>(null);

  const [history, setHistory] = useState<History<FlowDefinition>>();
  const [saved, setSaved] = useState<FlowDefinition>();
  const [loadError, setLoadError] = useState<string>();
  const [selectedNodes, setSelectedNodes] = useState<string[]>([]);
  const [selectedEdges, setSelectedEdges] = useState<string[]>([]);
  const [dragging, setDragging] = useState<Record<string, Position>>({});
  const [clipboard, setClipboard] = useState<Clipboard>();
  const [answer, setAnswer] = useState<ValidationAnswer>();
  const [validationError, setValidationError] = useState<string>();
  const [validating, setValidating] = useState(false);
  /** Why the last save was refused: the API's message and each problem, until the next save. */
  const [saveError, setSaveError] = useState<unknown>();
  const [tab, setTab] = useState<string | number>('node');
  // Fit the view once the canvas has drawn the new positions (auto-layout), not before: reactflow fits the nodes it has.
  const [fitPending, setFitPending] = useState(false);
  const [publishing, setPublishing] = useState<{ comment: string; activate: boolean; errors?: string[] }>();

  useEffect(() => {
    let cancelled = false;
    setHistory(undefined);
    const load =
      version === undefined ? api.flow(flowId).then((detail) => detail.draft) : api.version(flowId, version).then((published) => published.definition);
    load.then(
      (definition) => {
        if (cancelled) return;
        setHistory(historyOf(definition));
        setSaved(definition);
      },
      (error: unknown) => !cancelled && setLoadError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [api, flowId, version]);

  const flow = history?.present;

  // Live validation of the candidate, debounced; only the latest answer counts.
  useEffect(() => {
    if (!flow || readOnly) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      setValidating(true);
      api.validate(flowId, flow, abort.signal).then(
        (verdict) => {
          setAnswer(verdict);
          setValidationError(undefined);
          setValidating(false);
        },
        (error: unknown) => {
          if (abort.signal.aborted) return;
          setValidating(false);
          if (error instanceof IoApiError && error.status === 400 && error.body.errors) {
            setAnswer({
              valid: false,
              warnings: [],
              issues: error.body.errors.map((problem) => ({ path: flowId, node: problem.node ?? null, field: problem.field, message: problem.message })),
            });
            setValidationError(undefined);
          } else {
            setValidationError(error instanceof Error ? error.message : String(error));
          }
        },
      );
    }, validateDelayMs);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [api, flowId, flow, readOnly]);

  /** Applies one edit as one undoable step; a refused edit is an alert, not a crash. */
  const edit = useCallback(
    (change: (current: FlowDefinition) => FlowDefinition) => {
      if (!history || readOnly) return;
      try {
        setHistory(record(history, change(history.present)));
      } catch (error) {
        alert('danger', error instanceof Error ? error.message : String(error));
      }
    },
    [history, readOnly, alert],
  );

  const placed = useMemo(() => placeIssues(flowId, flow?.nodes.map((node) => node.id) ?? [], answer?.issues ?? []), [flowId, flow, answer]);
  const variables = useMemo(() => (flow ? variablesInScope(flow) : []), [flow]);
  const { nodes, edges } = useMemo(
    () => (flow ? toCanvas(flow, { ports: answer?.nodes, issues: placed.byNode, selectedNodes, selectedEdges, dragging }) : { nodes: [], edges: [] }),
    [flow, answer, placed, selectedNodes, selectedEdges, dragging],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `nodes` is a trigger: a new layout must be fitted once reactflow has measured it.
  useEffect(() => {
    if (!fitPending) return;
    // reactflow fits nothing (answers false) until it has measured every node at its new place: try again next frame, a few times.
    let frame = 0;
    let attempts = 0;
    const fit = () => {
      attempts += 1;
      if (reactFlow.fitView({ padding: 0.2 }) || attempts >= 30) setFitPending(false);
      else frame = window.requestAnimationFrame(fit);
    };
    frame = window.requestAnimationFrame(fit);
    return () => window.cancelAnimationFrame(frame);
  }, [fitPending, nodes, reactFlow]);

  // Selection is ours (clicks), not reactflow's internal one: the canvas only reports drags here.
  const onNodesChange = useCallback((changes: NodeChange[]) => {
    for (const change of changes) {
      if (change.type === 'position' && change.position && change.dragging) setDragging((moving) => ({ ...moving, [change.id]: change.position! }));
    }
  }, []);
  const toggle = (ids: string[], id: string, add: boolean) => (add ? (ids.includes(id) ? ids.filter((other) => other !== id) : [...ids, id]) : [id]);
  const onNodeClick = (event: MouseEvent, node: Node) => {
    setSelectedNodes((chosen) => toggle(chosen, node.id, event.shiftKey));
    if (!event.shiftKey) setSelectedEdges([]);
    setTab('node');
  };
  const onEdgeClick = (event: MouseEvent, edge: Edge) => {
    setSelectedEdges((chosen) => toggle(chosen, edge.id, event.shiftKey));
    if (!event.shiftKey) setSelectedNodes([]);
  };
  const clearSelection = () => {
    setSelectedNodes([]);
    setSelectedEdges([]);
  };

  const selectOnly = (ids: string[]) => {
    setSelectedNodes(ids);
    setSelectedEdges([]);
    setTab('node');
    const first = ids[0] && nodes.find((node) => node.id === ids[0]);
    if (first) reactFlow.setCenter(first.position.x + 110, first.position.y + 36, { duration: 200, zoom: reactFlow.getZoom() });
  };

  const add = (type: string, at: Position) => {
    if (!history || readOnly) return;
    const added = addNode(history.present, type, at);
    setHistory(record(history, added.flow));
    setSelectedNodes([added.id]);
    setTab('node');
  };
  const addAtCentre = (type: string) => {
    const box = canvas.current?.getBoundingClientRect();
    add(type, box ? reactFlow.screenToFlowPosition({ x: box.left + box.width / 2 - 110, y: box.top + box.height / 2 - 36 }) : { x: 0, y: 0 });
  };
  const onDrop = (event: DragEvent) => {
    const type = event.dataTransfer.getData(nodeTypeMime);
    if (!type) return;
    event.preventDefault();
    add(type, reactFlow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  const removeSelection = () => {
    const links = (flow?.links ?? []).filter((link) => selectedEdges.includes(edgeId(link.from, link.output)));
    edit((current) => links.reduce((next, link) => disconnect(next, link.from, link.output), deleteNodes(current, selectedNodes)));
    setSelectedNodes([]);
    setSelectedEdges([]);
  };
  const pasteClipboard = () => {
    if (!history || !clipboard || readOnly) return;
    const pasted = paste(history.present, clipboard);
    setHistory(record(history, pasted.flow));
    setSelectedNodes(pasted.ids);
  };

  // Shortcuts on the whole page while the designer is shown (clicking the canvas leaves the focus on
  // the body), except in form fields and dialogs, where the keys keep their usual meaning.
  const onKeyDown = (event: globalThis.KeyboardEvent) => {
    const target = event.target instanceof Element ? event.target : undefined;
    if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]') || !history) return;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    const handled = (run: () => void) => {
      event.preventDefault();
      run();
    };
    if (!readOnly && (event.key === 'Delete' || event.key === 'Backspace') && (selectedNodes.length > 0 || selectedEdges.length > 0)) handled(removeSelection);
    else if (mod && key === 'z' && !event.shiftKey && !readOnly) handled(() => setHistory(undo(history)));
    else if (mod && ((key === 'z' && event.shiftKey) || key === 'y') && !readOnly) handled(() => setHistory(redo(history)));
    else if (mod && key === 'c' && selectedNodes.length > 0) handled(() => setClipboard(copy(history.present, selectedNodes)));
    else if (mod && key === 'v' && !readOnly) handled(pasteClipboard);
  };

  const shortcuts = useRef(onKeyDown);
  shortcuts.current = onKeyDown;
  useEffect(() => {
    const listener = (event: globalThis.KeyboardEvent) => shortcuts.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const save = async () => {
    if (!flow) return;
    setSaveError(undefined);
    try {
      await api.saveDraft(flowId, flow);
      setSaved(flow);
      alert('success', t('ioDesigner.saved', 'The draft was saved'));
      return true;
    } catch (error) {
      setSaveError(error);
      return false;
    }
  };
  const publish = async () => {
    if (!publishing || (flow !== saved && !(await save()))) return;
    try {
      const published = await api.publish(flowId, publishing.comment, publishing.activate);
      setPublishing(undefined);
      alert(
        'success',
        publishing.activate
          ? t('ioDesigner.publishedActive', 'Version {{version}} was published and is active', { version: published.version })
          : t('ioDesigner.published', 'Version {{version}} was published', { version: published.version }),
      );
    } catch (error) {
      const errors =
        error instanceof IoApiError && error.body.errors
          ? error.body.errors.map((problem) => `${problem.node ? `${problem.node}: ` : ''}${problem.field}: ${problem.message}`)
          : [error instanceof Error ? error.message : String(error)];
      setPublishing({ ...publishing, errors });
    }
  };

  if (loadError)
    return (
      <Alert variant="danger" isInline title={t('ioDesigner.loadFailed', 'The flow could not be loaded')}>
        {loadError}
      </Alert>
    );
  if (!history || !flow) {
    return (
      <Bullseye>
        <Spinner aria-label={t('ioDesigner.loading', 'Loading the flow')} />
      </Bullseye>
    );
  }

  const selected = selectedNodes.length === 1 ? flow.nodes.find((node) => node.id === selectedNodes[0]) : undefined;
  const dirty = flow !== saved;
  return (
    <div className="io-designer">
      <Toolbar className="io-designer__toolbar">
        <ToolbarContent>
          <ToolbarGroup>
            <ToolbarItem>
              <Button variant="secondary" isDisabled={readOnly || !canUndo(history)} onClick={() => setHistory(undo(history))}>
                {t('ioDesigner.undo', 'Undo')}
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" isDisabled={readOnly || !canRedo(history)} onClick={() => setHistory(redo(history))}>
                {t('ioDesigner.redo', 'Redo')}
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" isDisabled={readOnly || selectedNodes.length === 0} onClick={() => setClipboard(copy(flow, selectedNodes))}>
                {t('ioDesigner.copy', 'Copy')}
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" isDisabled={readOnly || !clipboard} onClick={pasteClipboard}>
                {t('ioDesigner.paste', 'Paste')}
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" isDisabled={readOnly || (selectedNodes.length === 0 && selectedEdges.length === 0)} onClick={removeSelection}>
                {t('ioDesigner.delete', 'Delete')}
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button
                variant="secondary"
                isDisabled={readOnly}
                onClick={() => {
                  edit(autoLayout);
                  setFitPending(true);
                }}
              >
                {t('ioDesigner.autoLayout', 'Auto-layout')}
              </Button>
            </ToolbarItem>
          </ToolbarGroup>
          <ToolbarGroup align={{ default: 'alignRight' }}>
            <ToolbarItem>
              {readOnly ? (
                <Label color="blue">{t('ioDesigner.readOnly', 'Version {{version}} (read-only)', { version })}</Label>
              ) : validating ? (
                <Label>{t('ioDesigner.validating', 'Checking…')}</Label>
              ) : answer?.valid ? (
                <Label color="green">{t('ioDesigner.valid', 'Valid')}</Label>
              ) : answer ? (
                <Label color="red">{t('ioDesigner.invalid', '{{count}} problems', { count: answer.issues.length })}</Label>
              ) : null}
            </ToolbarItem>
            {!readOnly && (
              <>
                <ToolbarItem>
                  <Button variant="primary" isDisabled={!dirty} onClick={() => void save()}>
                    {t('ioDesigner.saveDraft', 'Save draft')}
                  </Button>
                </ToolbarItem>
                <ToolbarItem>
                  <Button variant="secondary" onClick={() => setPublishing({ comment: '', activate: false })}>
                    {t('ioDesigner.publish', 'Publish')}
                  </Button>
                </ToolbarItem>
                {onTry && (
                  <ToolbarItem>
                    <Button variant="secondary" data-testid="io-designer-try" onClick={() => onTry(flow, dirty)}>
                      {t('ioDesigner.tryIt', 'Try it')}
                    </Button>
                  </ToolbarItem>
                )}
              </>
            )}
          </ToolbarGroup>
        </ToolbarContent>
      </Toolbar>
      <ErrorAlert error={saveError} title={t('ioDesigner.saveRefused', 'The draft was not saved')} />
      {validationError && (
        <Alert variant="warning" isInline title={t('ioDesigner.cannotValidate', 'The flow could not be checked')}>
          {validationError}
        </Alert>
      )}
      {placed.flowLevel.length > 0 && <FlowIssues issues={placed.flowLevel} />}
      <div className="io-designer__body">
        <Palette types={nodeTypeList} onAdd={addAtCentre} disabled={readOnly} />
        <div className="io-designer__canvas" ref={canvas} onDrop={onDrop} onDragOver={(event) => event.preventDefault()}>
          <FlowCanvas
            nodes={nodes}
            edges={edges}
            onNodesChange={onNodesChange}
            onNodeClick={onNodeClick}
            onEdgeClick={onEdgeClick}
            onPaneClick={clearSelection}
            onNodeDragStop={(_event, _node, moved) => {
              edit((current) => moved.reduce((next, node) => moveNode(next, node.id, node.position), current));
              setDragging({});
            }}
            onConnect={({ source, sourceHandle, target }) =>
              source && sourceHandle && target && edit((current) => connect(current, source, sourceHandle, target))
            }
            nodesDraggable={!readOnly}
            nodesConnectable={!readOnly}
            // Our shortcuts own Delete and Ctrl/Cmd+key, and our click handlers the selection (Shift+click adds).
            deleteKeyCode={null}
            multiSelectionKeyCode={null}
            selectionKeyCode={null}
            selectNodesOnDrag={false}
          />
        </div>
        <aside className="io-designer__panel" aria-label={t('ioDesigner.sidePanel', 'Settings')}>
          <Tabs activeKey={tab} onSelect={(_event, key) => setTab(key)} mountOnEnter unmountOnExit>
            <Tab eventKey="node" title={<TabTitleText>{t('ioDesigner.nodeTab', 'Node')}</TabTitleText>}>
              {selected ? (
                <NodePanel
                  key={selected.id}
                  node={selected}
                  type={nodeTypeCatalog.get(selected.type)}
                  issues={placed.byNode.get(selected.id) ?? []}
                  isStart={selected.id === flow.start}
                  readOnly={readOnly}
                  onChange={(fields) => edit((current) => updateNode(current, selected.id, fields))}
                  onMakeStart={() => edit((current) => updateFlow(current, { start: selected.id }))}
                  onRename={(newId) => {
                    try {
                      const renamed = renameNode(flow, selected.id, newId);
                      setHistory(record(history, renamed));
                      setSelectedNodes([newId]);
                      return undefined;
                    } catch (error) {
                      return error instanceof Error ? error.message : String(error);
                    }
                  }}
                />
              ) : (
                <p className="io-designer__hint">
                  {t('ioDesigner.selectNode', 'Select a node to see its settings, or drag a node type from the palette onto the canvas.')}
                </p>
              )}
            </Tab>
            <Tab eventKey="flow" title={<TabTitleText>{t('ioDesigner.flowTab', 'Flow settings')}</TabTitleText>}>
              <FlowSettingsPanel flow={flow} readOnly={readOnly} onChange={(fields) => edit((current) => updateFlow(current, fields))} />
            </Tab>
            <Tab eventKey="variables" title={<TabTitleText>{t('ioDesigner.variablesTab', 'Variables')}</TabTitleText>}>
              <VariablesPanel variables={variables} onSelectNode={(id) => selectOnly([id])} />
            </Tab>
          </Tabs>
        </aside>
      </div>
      <Modal
        variant={ModalVariant.small}
        title={t('ioDesigner.publishTitle', 'Publish the draft')}
        isOpen={publishing !== undefined}
        onClose={() => setPublishing(undefined)}
        actions={[
          <Button key="publish" variant="primary" onClick={() => void publish()}>
            {t('ioDesigner.publish', 'Publish')}
          </Button>,
          <Button key="cancel" variant="link" onClick={() => setPublishing(undefined)}>
            {t('ioDesigner.cancel', 'Cancel')}
          </Button>,
        ]}
      >
        {/* Loaded when the dialog opens: the keys as the Localization page left them. */}
        {publishing && <MissingMessages flowId={flowId} />}
        <Form onSubmit={(event) => event.preventDefault()}>
          <FormGroup label={t('ioDesigner.publishComment', 'Comment')} fieldId="io-publish-comment">
            <TextArea
              id="io-publish-comment"
              value={publishing?.comment ?? ''}
              onChange={(_event, comment) => publishing && setPublishing({ ...publishing, comment })}
            />
          </FormGroup>
          <Checkbox
            id="io-publish-activate"
            label={t('ioDesigner.publishActivate', 'Activate it: new logins run this version')}
            isChecked={publishing?.activate ?? false}
            onChange={(_event, activate) => publishing && setPublishing({ ...publishing, activate })}
          />
        </Form>
        {publishing?.errors && (
          <Alert variant="danger" isInline title={t('ioDesigner.publishRefused', 'The draft was not published')}>
            <List>
              {publishing.errors.map((message, index) => (
                <ListItem key={index}>{message}</ListItem>
              ))}
            </List>
          </Alert>
        )}
      </Modal>
    </div>
  );
}

function FlowIssues({ issues }: { issues: readonly ValidationIssue[] }) {
  const { t } = useTranslation();
  return (
    <Alert
      variant="danger"
      isInline
      isExpandable
      title={t('ioDesigner.flowIssues', 'Problems of the flow ({{count}})', { count: issues.length })}
      data-testid="issue-flow"
    >
      <List>
        {issues.map((issue, index) => (
          <ListItem key={index}>{`${issue.node ? `${issue.node} · ` : ''}${issue.field}: ${issue.message}`}</ListItem>
        ))}
      </List>
    </Alert>
  );
}
