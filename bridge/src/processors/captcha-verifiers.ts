import type { CaptchaVerifier, CaptchaWidget, HttpClient } from '../engine/services.js';
import { IoError } from '../errors.js';

/**
 * What the bridge knows of each provider that shares the `{secret, response, remoteip} -> {success}`
 * siteverify API: where it verifies, the widget's script, the form field the widget posts its
 * response in, and the origins the widget loads from (the challenged page's Content-Security-Policy
 * allows exactly these; docs: hCaptcha "Content Security Policy", Cloudflare Turnstile "CSP").
 */
export const captchaProviderProfiles = {
  hcaptcha: {
    verifyUrl: 'https://api.hcaptcha.com/siteverify',
    scriptUrl: 'https://js.hcaptcha.com/1/api.js',
    responseField: 'h-captcha-response',
    /** hCaptcha's secret is per account: the site key in the request makes it refuse another site's token. */
    siteKeyParameter: 'sitekey',
    sources: hostSources(['https://hcaptcha.com', 'https://*.hcaptcha.com'], ['script', 'frame', 'style', 'connect']),
  },
  turnstile: {
    verifyUrl: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
    scriptUrl: 'https://challenges.cloudflare.com/turnstile/v0/api.js',
    responseField: 'cf-turnstile-response',
    /** Turnstile's secret belongs to one widget (site key) already. */
    siteKeyParameter: undefined,
    sources: hostSources(['https://challenges.cloudflare.com'], ['script', 'frame']),
  },
} as const;

export type CaptchaProviderName = keyof typeof captchaProviderProfiles;

function hostSources<D extends string>(origins: readonly string[], directives: readonly D[]): Record<D, readonly string[]> {
  return Object.fromEntries(directives.map((directive) => [directive, origins])) as Record<D, readonly string[]>;
}

export interface HttpCaptchaOptions {
  provider: CaptchaProviderName;
  secret: string;
  /** Public key the screen's widget needs (also sent to siteverify where the provider checks it). */
  siteKey: string;
  /** Another siteverify URL than the provider's (an enterprise endpoint, a proxy, a test's stand-in). */
  verifyUrl?: string;
  timeoutMs?: number;
}

/** The provider could not answer; the rate-limit processor challenges again (it never lets such a request pass). */
export class CaptchaUnavailableError extends IoError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('captcha_unavailable', message, options);
  }
}

/** Verifies a response with an hCaptcha- or Turnstile-compatible siteverify endpoint. */
export class HttpCaptchaVerifier implements CaptchaVerifier {
  readonly widget: CaptchaWidget;
  private readonly verifyUrl: string;

  constructor(
    private readonly http: HttpClient,
    private readonly options: HttpCaptchaOptions,
  ) {
    const profile = captchaProviderProfiles[options.provider];
    this.verifyUrl = options.verifyUrl ?? profile.verifyUrl;
    this.widget = {
      provider: options.provider,
      siteKey: options.siteKey,
      scriptUrl: profile.scriptUrl,
      responseField: profile.responseField,
      sources: profile.sources,
    };
  }

  async verify(response: string, clientIp: string | undefined): Promise<boolean> {
    const form = new URLSearchParams({ secret: this.options.secret, response });
    if (clientIp) form.set('remoteip', clientIp);
    const { siteKeyParameter } = captchaProviderProfiles[this.options.provider];
    if (siteKeyParameter) form.set(siteKeyParameter, this.options.siteKey);
    const answer = await this.http.request({
      method: 'POST',
      url: this.verifyUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      timeoutMs: this.options.timeoutMs ?? 5000,
    });
    if (answer.status !== 200) throw new CaptchaUnavailableError(`siteverify answered ${answer.status}`);
    try {
      return (JSON.parse(answer.body) as { success?: unknown }).success === true;
    } catch (error) {
      throw new CaptchaUnavailableError('siteverify answered with something that is not JSON', { cause: error });
    }
  }
}

/** A verifier for tests and demos: accepts exactly the given responses; its widget is Turnstile's. */
export function createStaticCaptchaVerifier(acceptedResponses: readonly string[], siteKey = 'test-site-key'): CaptchaVerifier {
  const accepted = new Set(acceptedResponses);
  const { scriptUrl, responseField, sources } = captchaProviderProfiles.turnstile;
  return { widget: { provider: 'turnstile', siteKey, scriptUrl, responseField, sources }, verify: async (response) => accepted.has(response) };
}
