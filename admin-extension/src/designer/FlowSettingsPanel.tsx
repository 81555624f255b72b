/** The flow's own fields: name, description, category, settings (TTL, theme, locale, trace, processors), variables, permissions. */
import { Form, FormGroup, FormSelect, FormSelectOption, TextInput } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { flowCategories, type FlowDefinition, type FlowFields, type FlowSettings } from './model/index.js';
import { JsonField, SchemaField } from './SchemaForm.js';

export function FlowSettingsPanel({ flow, readOnly, onChange }: { flow: FlowDefinition; readOnly: boolean; onChange: (fields: FlowFields) => void }) {
  const { t } = useTranslation();
  const settings = flow.settings ?? {};
  const setting = (fields: Partial<FlowSettings>) => {
    const next = Object.fromEntries(Object.entries({ ...settings, ...fields }).filter(([, value]) => value !== undefined));
    onChange({ settings: Object.keys(next).length > 0 ? next : undefined });
  };
  return (
    <Form onSubmit={(event) => event.preventDefault()} aria-label={t('ioDesigner.flowSettings', 'Flow settings')}>
      <FormGroup label={t('ioDesigner.flowName', 'Name')} fieldId="io-flow-name" isRequired>
        <TextInput id="io-flow-name" value={flow.name} readOnlyVariant={readOnly ? 'default' : undefined} onChange={(_event, name) => onChange({ name })} />
      </FormGroup>
      <FormGroup label={t('ioDesigner.flowDescription', 'Description')} fieldId="io-flow-description">
        <TextInput
          id="io-flow-description"
          value={flow.description ?? ''}
          readOnlyVariant={readOnly ? 'default' : undefined}
          onChange={(_event, description) => onChange({ description: description || undefined })}
        />
      </FormGroup>
      <FormGroup label={t('ioDesigner.category', 'Category')} fieldId="io-flow-category" isRequired>
        <FormSelect
          id="io-flow-category"
          value={flow.category}
          isDisabled={readOnly}
          onChange={(_event, category) => onChange({ category: category as FlowDefinition['category'] })}
        >
          {flowCategories.map((category) => (
            <FormSelectOption key={category} value={category} label={category} />
          ))}
        </FormSelect>
      </FormGroup>
      <SchemaField
        schema={{ type: 'integer', description: t('ioDesigner.ttlHelp', '60 to 86400 seconds; the bridge default when empty') }}
        id="io-flow-ttl"
        label={t('ioDesigner.ttl', 'Session lifetime (seconds)')}
        value={settings.sessionTtlSeconds}
        readOnly={readOnly}
        onChange={(value) => setting({ sessionTtlSeconds: value as number | undefined })}
      />
      <SchemaField
        schema={{ type: 'string' }}
        id="io-flow-theme"
        label={t('ioDesigner.theme', 'Theme')}
        value={settings.theme}
        readOnly={readOnly}
        onChange={(value) => setting({ theme: value as string | undefined })}
      />
      <SchemaField
        schema={{ type: 'string' }}
        id="io-flow-locale"
        label={t('ioDesigner.defaultLocale', 'Default locale')}
        value={settings.defaultLocale}
        readOnly={readOnly}
        onChange={(value) => setting({ defaultLocale: value as string | undefined })}
      />
      <SchemaField
        schema={{ type: 'boolean' }}
        id="io-flow-trace"
        label={t('ioDesigner.trace', 'Record a debug trace of each step')}
        value={settings.trace}
        readOnly={readOnly}
        onChange={(value) => setting({ trace: value === false ? undefined : (value as boolean) })}
      />
      <JsonField
        schema={{
          description: t('ioDesigner.processorsHelp', '{"set", "use", "add", "remove", "options", "override": {"reason"}}; the category default when empty'),
        }}
        id="io-flow-processors"
        label={t('ioDesigner.processors', 'Processors')}
        value={settings.processors}
        readOnly={readOnly}
        onChange={(value) => setting({ processors: value as FlowSettings['processors'] })}
      />
      <JsonField
        schema={{ description: t('ioDesigner.variablesHelp', 'Name -> {"type", "description"?, "default"?}') }}
        id="io-flow-variables"
        label={t('ioDesigner.declaredVariables', 'Flow variables')}
        value={flow.variables}
        readOnly={readOnly}
        onChange={(value) => onChange({ variables: value as FlowDefinition['variables'] })}
      />
      <JsonField
        schema={{ description: t('ioDesigner.permissionsHelp', "What the flow's evidence may do (grants)") }}
        id="io-flow-permissions"
        label={t('ioDesigner.permissions', 'Permissions')}
        value={flow.permissions}
        readOnly={readOnly}
        onChange={(value) => onChange({ permissions: value as FlowDefinition['permissions'] })}
      />
    </Form>
  );
}
