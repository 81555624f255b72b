/**
 * The bridge's one catalogue of error codes (src/error-catalogue.ts), walked code by code: each is
 * stable in shape, gets its status from the catalogue, has the theme message its person needs, and
 * is documented; no theme message names a code the catalogue lacks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { failureCodes } from '../src/engine/engine-errors.js';
import { type ErrorCode, errorCatalogue, isErrorCode } from '../src/error-catalogue.js';
import { HandoffError, IoError } from '../src/errors.js';
import { processorErrorCodes } from '../src/processors/decisions.js';

const root = join(import.meta.dirname, '..', '..');
const codes = Object.keys(errorCatalogue) as ErrorCode[];
const bundle = (locale: string) =>
  JSON.parse(readFileSync(join(root, 'themes', 'base', 'messages', `messages_${locale}.json`), 'utf8')) as Record<string, string>;
const pageWords = new Set(['error.title', 'error.codeLabel', 'error.advice']);

describe('error catalogue', () => {
  it('names every code in snake_case with an HTTP status of an error', () => {
    expect(codes).to.have.length.above(60);
    for (const code of codes) {
      expect(code).to.match(/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/);
      expect(errorCatalogue[code].status, code).to.be.within(400, 599);
    }
  });

  it('gives every page and journey code its English message in the base theme', () => {
    const english = bundle('en');
    for (const code of codes) {
      if (errorCatalogue[code].shown !== 'page' && errorCatalogue[code].shown !== 'journey') continue;
      expect(english[`error.${code}`], `error.${code} in messages_en.json`).to.be.a('string').and.not.equal('');
    }
  });

  it('has no theme message for a code it lacks, in any locale of the base theme', () => {
    for (const locale of ['en', 'de', 'fr', 'ar']) {
      const orphans = Object.keys(bundle(locale)).filter((key) => key.startsWith('error.') && !pageWords.has(key) && !isErrorCode(key.slice('error.'.length)));
      expect(orphans, `messages_${locale}.json`).to.deep.equal([]);
    }
  });

  it('lists every code in the operators guide', () => {
    const docs = readFileSync(join(root, 'docs', 'operators.md'), 'utf8');
    const section = docs.slice(docs.indexOf('## Error codes'), docs.indexOf('\n## ', docs.indexOf('## Error codes') + 1));
    for (const code of codes) expect(section, code).to.contain(`\`${code}\``);
  });

  it('covers the codes the engine and the processors end a journey with', () => {
    for (const code of [...Object.values(failureCodes), ...processorErrorCodes]) expect(isErrorCode(code), code).to.equal(true);
  });

  it('is where an error takes its status from', () => {
    expect(new HandoffError('handoff_replayed', 'used').status).to.equal(errorCatalogue.handoff_replayed.status);
    expect(new IoError('store_unavailable', 'down').status).to.equal(503);
    expect(new IoError('bad_request', 'too long', { status: 414 }).status).to.equal(414);
  });
});
