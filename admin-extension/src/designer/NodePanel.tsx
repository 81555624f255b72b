/** The selected node's settings: id, name, the config form generated from its type's schema, mappings and conditions. */
import { Button, Form, FormGroup, FormHelperText, HelperText, HelperTextItem, TextInput, Title } from '@patternfly/react-core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeDefinition, NodeFields, NodeTypeInfo, ValidationIssue } from './model/index.js';
import { JsonField, ObjectFields } from './SchemaForm.js';

interface NodePanelProps {
  node: NodeDefinition;
  type?: NodeTypeInfo;
  issues: readonly ValidationIssue[];
  isStart: boolean;
  readOnly: boolean;
  onChange: (fields: NodeFields) => void;
  /** Answers an error message when the id is refused. */
  onRename: (newId: string) => string | undefined;
  onMakeStart: () => void;
}

export function NodePanel({ node, type, issues, isStart, readOnly, onChange, onRename, onMakeStart }: NodePanelProps) {
  const { t } = useTranslation();
  const [id, setId] = useState(node.id);
  const [renameError, setRenameError] = useState<string>();
  useEffect(() => {
    setId(node.id);
    setRenameError(undefined);
  }, [node.id]);
  const field = `io-node-${node.id}`;
  const text = (key: 'name' | 'description' | 'when' | 'skipIf', label: string) => (
    <FormGroup label={label} fieldId={`${field}-${key}`}>
      <TextInput
        id={`${field}-${key}`}
        value={node[key] ?? ''}
        readOnlyVariant={readOnly ? 'default' : undefined}
        onChange={(_event, value) => onChange({ [key]: value === '' ? undefined : value })}
      />
    </FormGroup>
  );
  return (
    <Form onSubmit={(event) => event.preventDefault()} aria-label={t('ioDesigner.nodeSettings', 'Settings of node {{id}}', { id: node.id })}>
      <Title headingLevel="h2" size="lg">
        {node.type}
      </Title>
      {type && <p>{type.description}</p>}
      <FormGroup label={t('ioDesigner.nodeId', 'Node id')} fieldId={`${field}-id`} isRequired>
        <TextInput
          id={`${field}-id`}
          value={id}
          readOnlyVariant={readOnly ? 'default' : undefined}
          validated={renameError ? 'error' : 'default'}
          onChange={(_event, value) => setId(value)}
          onBlur={() => setRenameError(id === node.id ? undefined : onRename(id))}
        />
        {renameError && (
          <FormHelperText>
            <HelperText>
              <HelperTextItem variant="error">{renameError}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        )}
      </FormGroup>
      {!readOnly && !isStart && (
        <Button variant="secondary" onClick={onMakeStart}>
          {t('ioDesigner.makeStart', 'Make this the start node')}
        </Button>
      )}
      {text('name', t('ioDesigner.nodeName', 'Name'))}
      {text('description', t('ioDesigner.nodeDescription', 'Description'))}
      <Title headingLevel="h3" size="md">
        {t('ioDesigner.config', 'Configuration')}
      </Title>
      {type?.configSchema.properties ? (
        <ObjectFields
          schema={type.configSchema}
          value={node.config ?? {}}
          id={`${field}-config`}
          readOnly={readOnly}
          onChange={(config) => onChange({ config })}
        />
      ) : (
        <JsonField
          schema={type?.configSchema ?? {}}
          id={`${field}-config`}
          label={t('ioDesigner.config', 'Configuration')}
          value={node.config}
          readOnly={readOnly}
          onChange={(config) => onChange({ config: config as Record<string, unknown> | undefined })}
        />
      )}
      <Title headingLevel="h3" size="md">
        {t('ioDesigner.mappings', 'Data mappings and conditions')}
      </Title>
      <JsonField
        schema={{ description: t('ioDesigner.inputsHelp', 'Node input -> expression over context, session and flow') }}
        id={`${field}-inputs`}
        label={t('ioDesigner.inputs', 'Inputs')}
        value={node.inputs}
        readOnly={readOnly}
        onChange={(inputs) => onChange({ inputs: inputs as Record<string, string> | undefined })}
      />
      <JsonField
        schema={{ description: t('ioDesigner.outputsHelp', 'flow.x or session.x -> expression over context, session, flow and result') }}
        id={`${field}-outputs`}
        label={t('ioDesigner.outputs', 'Outputs')}
        value={node.outputs}
        readOnly={readOnly}
        onChange={(outputs) => onChange({ outputs: outputs as Record<string, string> | undefined })}
      />
      {text('when', t('ioDesigner.when', 'Run when (expression)'))}
      {text('skipIf', t('ioDesigner.skipIf', 'Skip if (expression)'))}
      {issues.length > 0 && (
        <HelperText aria-label={t('ioDesigner.nodeIssues', 'Problems of this node')}>
          {issues.map((issue, index) => (
            <HelperTextItem key={index} variant="error">{`${issue.field}: ${issue.message}`}</HelperTextItem>
          ))}
        </HelperText>
      )}
    </Form>
  );
}
