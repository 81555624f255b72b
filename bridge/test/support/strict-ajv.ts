import { Ajv } from 'ajv';

/** Ajv in strict mode with its warnings turned into failures: node config schemas must pass it. */
export const strictAjv = () =>
  new Ajv({
    allErrors: true,
    logger: {
      log: () => undefined,
      warn: (...args: unknown[]) => {
        throw new Error(args.join(' '));
      },
      error: (...args: unknown[]) => {
        throw new Error(args.join(' '));
      },
    },
  });
