/**
 * A challenged step's page (ProcessorDecision `challenge`): the same screen with the held-back
 * values, the challenge's message and its partial in the form of the held-back request only.
 */
import { expect } from 'chai';
import type { Execution, PendingChallenge } from '../../src/engine/execution.js';
import { stepHtml } from '../../src/http/pages.js';
import { ThemeRenderer } from '../../src/theming/theme-renderer.js';
import { captchaProviderProfiles } from '../../src/processors/index.js';
import { themesDir } from './support.js';

const theme = ThemeRenderer.load(themesDir, 'default');

const formScreen = {
  partial: 'form',
  handlers: ['submit', 'skip'],
  model: {
    title: 'Name',
    submitLabel: 'form.submit',
    skipLabel: 'form.skip',
    hasErrors: true,
    fields: [
      { name: 'name', label: 'Name', inputType: 'text', value: '', error: { message: 'field.required' } },
      {
        name: 'plan',
        label: 'Plan',
        isSelect: true,
        value: '',
        options: [
          { value: 'a', label: 'A' },
          { value: 'b', label: 'B' },
        ],
      },
      { name: 'news', label: 'News', isCheckbox: true, checked: false },
    ],
  },
};

function captcha(provider: 'hcaptcha' | 'turnstile', handler = 'submit'): PendingChallenge {
  const { scriptUrl, responseField, sources } = captchaProviderProfiles[provider];
  return {
    processor: 'rate-limit',
    partial: 'captcha',
    model: { provider, siteKey: 'site-key', scriptUrl, responseField },
    message: 'challenge.captcha',
    sources,
    error: 'rate_limited',
    submission: { handler, values: { name: 'Pat <b>', plan: 'b', news: 'on', [responseField]: 'old-token' } },
  };
}

function page(challenge: PendingChallenge | undefined, locale = 'en'): string {
  const execution = {
    id: 'x',
    flowId: 'f',
    frames: [{ flowId: 'f', flowVersion: '1', nodeId: 'ask', variables: {}, visits: {} }],
    current: { stepId: 's1', phase: 'waiting', screen: formScreen, ...(challenge ? { challenge } : {}) },
  } as unknown as Execution;
  return stepHtml(theme, execution, { csrfToken: 'c', action: '/io/j/h/step', locale });
}

const forms = (html: string) => html.split('<form').slice(1);

describe('screens: a challenged step', () => {
  it('shows nothing of a challenge on a screen that is not challenged', () => {
    const html = page(undefined);
    expect(html).not.to.contain('io-challenge');
    expect(html).not.to.contain('<script');
    expect(html).not.to.contain('io-notice--challenge');
  });

  it('shows the message, the held-back values and the Turnstile widget in the held-back form only', () => {
    const html = page(captcha('turnstile'));
    expect(html).to.contain('<p class="io-notice io-notice--challenge" role="alert">We have received many requests from your network.');
    const [submit, skip] = forms(html);
    expect(submit).to.contain('<div class="cf-turnstile" data-sitekey="site-key" data-language="en" data-response-field-name="cf-turnstile-response"></div>');
    expect(submit).to.contain('<script src="https://challenges.cloudflare.com/turnstile/v0/api.js"');
    expect(submit).to.contain('role="group" aria-labelledby="io-challenge-label"');
    expect(skip).not.to.contain('io-challenge');
    expect(submit, 'escaped like any value').to.contain('name="name" type="text" value="Pat &lt;b&gt;"');
    expect(submit).to.contain('<option value="b" selected>');
    expect(submit).to.match(/name="news" type="checkbox" value="on"\s+checked/);
    expect(html, 'the old response is not shown again').not.to.contain('old-token');
    expect(html, "an earlier request's errors are not shown with values the node has not seen").not.to.contain('io-field-error');
    expect(html).not.to.contain('io-error-summary');
  });

  it('renders the hCaptcha widget in the page language, and the challenge in the form of another handler', () => {
    const html = page(captcha('hcaptcha', 'skip'), 'de');
    const [submit, skip] = forms(html);
    expect(submit).not.to.contain('io-challenge');
    expect(skip).to.contain('<div class="h-captcha" data-sitekey="site-key"></div>');
    expect(skip).to.contain('<script src="https://js.hcaptcha.com/1/api.js?hl=de"');
    expect(skip).to.contain('Sicherheitsprüfung');
    expect(html).to.contain('role="alert">Aus Ihrem Netzwerk kamen viele Anfragen.');
  });
});
