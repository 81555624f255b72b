import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { flowSchemaFile, flowSchemaText } from '../../src/engine/flow-schema-file.js';

describe('published flow schema', () => {
  it('docs/flow.schema.json is up to date (npm run flow-schema -w bridge)', () => {
    expect(readFileSync(flowSchemaFile, 'utf8')).to.equal(flowSchemaText());
  });
});
