import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect } from 'chai';
import Handlebars from 'handlebars';
import type { NodeResult, Screen } from '../../src/engine/node-type.js';
import { builtInNodeTypes } from '../../src/nodes/node-registry.js';
import { ThemeRenderer } from '../../src/theming/theme-renderer.js';
import { exampleConfigs } from './support/example-configs.js';
import { expectKind, harness } from './support/node-harness.js';

const themesDir = new URL('../../../themes/', import.meta.url).pathname;
const baseDir = `${themesDir}base`;
const messages = JSON.parse(readFileSync(`${baseDir}/messages/messages_en.json`, 'utf8')) as Record<string, string>;
const partialFiles = readdirSync(`${baseDir}/partials`).filter((name) => name.endsWith('.hbs'));
const registry = builtInNodeTypes();

/** Looks like a message key (`otp.codeLabel`), not literal text a flow author wrote. */
const isMessageKey = (text: string) => /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9_]+)+$/.test(text);

/** Every screen the nodes can show: the first screen of each example, and their error and notice states. */
async function allScreens(): Promise<Array<{ label: string; screen: Screen }>> {
  const screens: Array<{ label: string; result: NodeResult }> = [];
  const run = (type: string, config: Record<string, unknown>, input: Record<string, unknown> = {}) => harness(registry.get(type)!, config, { input });
  for (const [type, config] of Object.entries(exampleConfigs)) {
    if (!registry.get(type)!.interactive) continue;
    screens.push({ label: `${type} init`, result: await run(type, config, { email: 'jane@example.com' }).init() });
  }
  screens.push({ label: 'form invalid', result: await run('form', exampleConfigs['form']!).submit('submit', { seats: '99', plan: 'x', start: 'soon' }) });
  screens.push({ label: 'choice buttons', result: await run('choice', { ...exampleConfigs['choice'], display: 'buttons' }).init() });
  screens.push({ label: 'choice invalid', result: await run('choice', exampleConfigs['choice']!).submit('choose', {}) });
  screens.push({ label: 'terms url', result: await run('terms', { version: '1', title: 'T', url: 'https://example.com/terms' }).init() });
  screens.push({ label: 'terms invalid', result: await run('terms', exampleConfigs['terms']!).submit('accept', {}) });
  screens.push({ label: 'consent invalid', result: await run('consent', exampleConfigs['consent']!).submit('submit', {}) });
  const otp = run('otp', {}, { email: 'jane@example.com' });
  await otp.init();
  for (const [handler, values] of [
    ['verify', { code: 'x' }],
    ['verify', { code: '000000' }],
    ['resend', {}],
  ] as const) {
    screens.push({ label: `otp ${handler} ${JSON.stringify(values)}`, result: await otp.submit(handler, values) });
  }
  otp.services.setNow(otp.services.clock.now() + 3_600_000);
  screens.push({ label: 'otp expired', result: await otp.submit('verify', { code: '000000' }) });
  screens.push({ label: 'otp resent', result: await otp.submit('resend') });
  return screens.map(({ label, result }) => ({ label, screen: expectKind(result, 'wait').screen }));
}

/** What the http layer adds to every screen's model (see docs/nodes.md, "Screens"). */
const requestKeys = { csrfToken: 'csrf-<token>', stepId: 's7', action: '/io/step' };

describe('theme partials', () => {
  let screens: Array<{ label: string; screen: Screen }>;
  before(async () => {
    screens = await allScreens();
  });

  it('has a partial for every screen the nodes show', () => {
    const partials = new Set(partialFiles.map((file) => basename(file, '.hbs')));
    for (const { label, screen } of screens) expect(partials.has(screen.partial), label).to.equal(true);
  });

  it('renders every screen through the base theme with the step hidden fields', () => {
    const renderer = ThemeRenderer.load(themesDir, 'base');
    for (const { label, screen } of screens) {
      if (screen.redirectTo) continue;
      const html = renderer.render(
        'step',
        { title: screen.model['title'], screen: { ...screen.model, ...requestKeys, partial: screen.partial } },
        { locale: 'en' },
      );
      expect(html, label).to.contain('name="_csrf" value="csrf-&lt;token&gt;"');
      expect(html, label).to.contain('name="_step" value="s7"');
      const posted = [...html.matchAll(/name="_handler" value="([^"]*)"/g)].map((match) => match[1]);
      expect(posted, label).to.deep.equal(screen.handlers);
      // Placeholders are all filled in the page body (the <title> is the http layer's business).
      expect(html.slice(html.indexOf('<body>')), label).not.to.match(/\{\w+\}/);
    }
  });

  it('uses only message keys that exist in messages_en.json', () => {
    const handlebars = Handlebars.create();
    for (const file of partialFiles) handlebars.registerPartial(basename(file, '.hbs'), readFileSync(`${baseDir}/partials/${file}`, 'utf8'));
    const step = handlebars.compile(readFileSync(`${baseDir}/templates/step.hbs`, 'utf8'));
    const used = new Set<string>();
    const t = (key: unknown) => {
      if (typeof key === 'string' && isMessageKey(key)) used.add(key);
      return '';
    };
    for (const { screen } of screens) step({ screen: { ...screen.model, ...requestKeys, partial: screen.partial } }, { helpers: { t } });
    expect(used.size).to.be.greaterThan(20);
    expect([...used].filter((key) => !(key in messages))).to.deep.equal([]);
  });

  it('has messages for every literal key in the partials', () => {
    const literal = partialFiles.flatMap((file) =>
      [...readFileSync(`${baseDir}/partials/${file}`, 'utf8').matchAll(/\{\{t "([^"]+)"/g)].map((match) => match[1]!),
    );
    expect(literal.filter((key) => !(key in messages))).to.deep.equal([]);
  });

  it('has messages for policy violations and node error codes', async () => {
    const policy = expectKind(
      await harness(registry.get('policy-check')!, {
        rules: [{ field: 'input.x', regex: 'a', minLength: 2, maxLength: 0, oneOf: ['b'], expression: 'false' }],
      }).init(),
      'next',
    );
    const keys = (policy.outputs?.['violations'] as Array<{ message: string }>).map((violation) => violation.message);
    keys.push('error.otp_email_missing', 'error.redirect_url_invalid');
    expect(keys.filter((key) => !(key in messages))).to.deep.equal([]);
  });
});
