/**
 * A settings form generated from a node type's config JSON Schema: strings, numbers, booleans,
 * enums, nested objects and arrays; what it cannot render (oneOf, maps, conditionals...) is edited
 * as JSON. The value is the node's `config`, unchanged in shape.
 */
import {
  Button,
  Checkbox,
  FormFieldGroup,
  FormFieldGroupHeader,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  TextArea,
  TextInput,
} from '@patternfly/react-core';
import { MinusCircleIcon, PlusCircleIcon } from '@patternfly/react-icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JsonSchema } from './model/index.js';

interface FieldProps {
  schema: JsonSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  /** A DOM id prefix unique in the page (the node id and the path). */
  id: string;
  label: string;
  required?: boolean;
  readOnly?: boolean;
}

const typeOf = (schema: JsonSchema): string | undefined => (typeof schema.type === 'string' ? schema.type : undefined);
const plainObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
/** Only these keywords are understood by the generated fields; anything else goes to the JSON editor. */
const composite = ['oneOf', 'anyOf', 'allOf', 'if', '$ref', 'not'];
const renderable = (schema: JsonSchema): boolean => !composite.some((keyword) => keyword in schema);

export function SchemaField(props: FieldProps) {
  const { schema, value, onChange, id, label, required, readOnly } = props;
  const help = schema.description ? (
    <FormHelperText>
      <HelperText>
        <HelperTextItem>{schema.description}</HelperTextItem>
      </HelperText>
    </FormHelperText>
  ) : null;
  const type = typeOf(schema);
  if (!renderable(schema)) return <JsonField {...props} />;

  if (Array.isArray(schema.enum) && schema.enum.every((option) => typeof option === 'string' || typeof option === 'number')) {
    return (
      <FormGroup label={label} fieldId={id} isRequired={required}>
        <FormSelect
          id={id}
          value={value === undefined ? '' : String(value)}
          isDisabled={readOnly}
          onChange={(_event, chosen) => onChange(chosen === '' ? undefined : schema.enum!.find((option) => String(option) === chosen))}
        >
          <FormSelectOption value="" label="—" isDisabled={required} />
          {schema.enum.map((option) => (
            <FormSelectOption key={String(option)} value={String(option)} label={String(option)} />
          ))}
        </FormSelect>
        {help}
      </FormGroup>
    );
  }
  if (type === 'string' || type === 'number' || type === 'integer') {
    const numeric = type !== 'string';
    return (
      <FormGroup label={label} fieldId={id} isRequired={required}>
        <TextInput
          id={id}
          type={numeric ? 'number' : 'text'}
          value={value === undefined || value === null ? '' : String(value)}
          readOnlyVariant={readOnly ? 'default' : undefined}
          onChange={(_event, text) => onChange(text === '' ? undefined : numeric ? Number(text) : text)}
        />
        {help}
      </FormGroup>
    );
  }
  if (type === 'boolean') {
    return (
      <FormGroup fieldId={id}>
        <Checkbox id={id} label={label} isChecked={value === true} isDisabled={readOnly} onChange={(_event, checked) => onChange(checked)} />
        {help}
      </FormGroup>
    );
  }
  if (type === 'object' && schema.properties && (schema.additionalProperties === false || schema.additionalProperties === undefined)) {
    return (
      <FormFieldGroup header={<FormFieldGroupHeader titleText={{ text: label, id: `${id}-title` }} titleDescription={schema.description} />}>
        <ObjectFields schema={schema} value={plainObject(value)} onChange={onChange} id={id} readOnly={readOnly} />
      </FormFieldGroup>
    );
  }
  if (type === 'array' && schema.items && !Array.isArray(schema.items) && renderable(schema.items)) {
    return <ArrayField {...props} items={schema.items} />;
  }
  return <JsonField {...props} />;
}

/** The properties of an object schema, each a field; an emptied optional field is removed. */
export function ObjectFields({
  schema,
  value,
  onChange,
  id,
  readOnly,
}: {
  schema: JsonSchema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  id: string;
  readOnly?: boolean;
}) {
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([name, property]) => (
        <SchemaField
          key={name}
          schema={property}
          id={`${id}-${name}`}
          label={property.title ?? name}
          required={schema.required?.includes(name)}
          readOnly={readOnly}
          value={value[name]}
          onChange={(changed) => {
            const next = { ...value };
            if (changed === undefined) delete next[name];
            else next[name] = changed;
            onChange(next);
          }}
        />
      ))}
    </>
  );
}

function ArrayField({ schema, items, value, onChange, id, label, readOnly }: FieldProps & { items: JsonSchema }) {
  const { t } = useTranslation();
  const list = Array.isArray(value) ? value : [];
  const blank = typeOf(items) === 'object' ? {} : typeOf(items) === 'boolean' ? false : '';
  return (
    <FormFieldGroup header={<FormFieldGroupHeader titleText={{ text: label, id: `${id}-title` }} titleDescription={schema.description} />}>
      {list.map((item, index) => (
        <div key={index} className="io-designer-array-item">
          <SchemaField
            schema={items}
            id={`${id}-${index}`}
            label={`${label} ${index + 1}`}
            value={item}
            readOnly={readOnly}
            onChange={(changed) => onChange(list.map((old, at) => (at === index ? changed : old)))}
          />
          {!readOnly && (
            <Button variant="link" icon={<MinusCircleIcon />} onClick={() => onChange(list.filter((_, at) => at !== index))}>
              {t('ioDesigner.removeItem', 'Remove {{label}} {{n}}', { label, n: index + 1 })}
            </Button>
          )}
        </div>
      ))}
      {!readOnly && (
        <Button variant="link" icon={<PlusCircleIcon />} onClick={() => onChange([...list, blank])}>
          {t('ioDesigner.addItem', 'Add to {{label}}', { label })}
        </Button>
      )}
    </FormFieldGroup>
  );
}

/** The fallback: the value as JSON, applied when it parses. */
export function JsonField({ value, onChange, id, label, required, readOnly, schema }: FieldProps) {
  const { t } = useTranslation();
  const shown = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setText(shown);
    setError(undefined);
  }, [shown]);
  const apply = () => {
    if (text.trim() === '') return onChange(undefined);
    try {
      onChange(JSON.parse(text));
      setError(undefined);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <FormGroup label={label} fieldId={id} isRequired={required}>
      <TextArea
        id={id}
        value={text}
        onChange={(_event, changed) => setText(changed)}
        onBlur={apply}
        readOnlyVariant={readOnly ? 'default' : undefined}
        validated={error ? 'error' : 'default'}
        autoResize
        resizeOrientation="vertical"
        className="io-designer-json"
      />
      <FormHelperText>
        <HelperText>
          <HelperTextItem variant={error ? 'error' : 'default'}>
            {error
              ? t('ioDesigner.jsonInvalid', 'Not valid JSON: {{error}}', { error })
              : (schema.description ?? t('ioDesigner.jsonHelp', 'JSON, applied when you leave the field'))}
          </HelperTextItem>
        </HelperText>
      </FormHelperText>
    </FormGroup>
  );
}
