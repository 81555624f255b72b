/**
 * A challenged screen (see ProcessorDecision `challenge`): the waiting step's screen again, with
 * the values of the request the challenge held back and the challenge's partial in its form.
 */
import type { PendingChallenge } from '../engine/execution.js';
import { isChecked } from '../nodes/shared/screens.js';

/** What the step template gets as `screen.challenge`: the partial, its model, the message and the handler it belongs to. */
export function challengeModel(challenge: PendingChallenge): Record<string, unknown> {
  return { ...challenge.model, partial: challenge.partial, message: challenge.message, handler: challenge.submission.handler };
}

interface FieldModel {
  name?: unknown;
  isCheckbox?: unknown;
  options?: Array<Record<string, unknown>>;
}

/**
 * The screen's model with the held values in its fields, in the screens' field convention
 * (`fields[]` with `name`, `value`, `checked` and `options[].selected`, as the form partial reads
 * them): the user sees what they submitted and sends it again with the challenge's answer. The
 * node has not seen these values, so the errors of an earlier request are not shown with them.
 */
export function refill(model: Record<string, unknown>, values: Readonly<Record<string, string>>): Record<string, unknown> {
  const fields = model['fields'];
  if (!Array.isArray(fields)) return model;
  return {
    ...model,
    hasErrors: false,
    fields: fields.map(({ error: _earlier, ...field }: FieldModel & Record<string, unknown>) => {
      if (typeof field.name !== 'string') return field;
      const value = values[field.name] ?? '';
      if (field.isCheckbox === true) return { ...field, checked: isChecked(values[field.name]) };
      return { ...field, value, ...(field.options ? { options: field.options.map((option) => ({ ...option, selected: option['value'] === value })) } : {}) };
    }),
  };
}
