import type { NodeContext, NodeType } from '../../engine/node-type.js';
import { duplicateIssues } from '../shared/config-issues.js';
import { waitOn, type UserMessage } from '../shared/screens.js';

export interface ChoiceOption {
  /** Also the port the flow leaves through when `branch` is on. */
  value: string;
  /** Message keys or literal texts. */
  label: string;
  description?: string;
}

export interface ChoiceConfig {
  title: string;
  intro?: string;
  options: ChoiceOption[];
  /** Radio buttons and a submit button, or one button per option. */
  display?: 'radio' | 'buttons';
  /** Leave through the chosen option's port (default), or always through `chosen`. */
  branch?: boolean;
  submitLabel?: string;
}

/** One choice among options; branches per option or outputs the choice. */
export const choiceNode: NodeType<ChoiceConfig> = {
  type: 'choice',
  kind: 'frontend',
  description: "Asks the user to pick one option; leaves through the option's port or outputs the choice.",
  interactive: true,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['title', 'options'],
    properties: {
      title: { type: 'string', minLength: 1 },
      intro: { type: 'string' },
      options: {
        type: 'array',
        minItems: 1,
        maxItems: 20,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['value', 'label'],
          properties: {
            value: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
            label: { type: 'string', minLength: 1 },
            description: { type: 'string' },
          },
        },
      },
      display: { enum: ['radio', 'buttons'] },
      branch: { type: 'boolean' },
      submitLabel: { type: 'string', minLength: 1 },
    },
  },
  check: (config) =>
    duplicateIssues(
      'options',
      config.options.map((option) => option.value),
    ),
  inputs: () => ({ choice: { type: 'string', description: 'Preselected option value' } }),
  outputs: () => ({ choice: { type: 'string' } }),
  ports: (config) => (config.branch === false ? ['chosen'] : config.options.map((option) => option.value)),

  init: async (ctx) => choiceScreen(ctx, typeof ctx.input['choice'] === 'string' ? ctx.input['choice'] : undefined),

  handlers: {
    async choose(ctx, submission) {
      const choice = submission.values['choice'];
      if (!ctx.node.config.options.some((option) => option.value === choice)) return choiceScreen(ctx, undefined, { message: 'choice.required' });
      return { kind: 'next', port: ctx.node.config.branch === false ? 'chosen' : choice!, outputs: { choice } };
    },
  },
};

function choiceScreen(ctx: NodeContext<ChoiceConfig>, selected: string | undefined, error?: UserMessage) {
  const { title, intro, options, display = 'radio', submitLabel = 'choice.submit' } = ctx.node.config;
  return waitOn(
    'choice',
    {
      title,
      intro,
      asButtons: display === 'buttons',
      submitLabel,
      error,
      options: options.map((option, index) => ({ ...option, id: `choice-${index}`, checked: option.value === selected })),
    },
    ['choose'],
  );
}
