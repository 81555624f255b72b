import type { CaptchaVerifier, HttpClient } from '../engine/services.js';
import { IoError } from '../errors.js';

/** Siteverify endpoints of the providers that share the `{secret, response, remoteip} -> {success}` API. */
export const captchaVerifyUrls = {
  hcaptcha: 'https://api.hcaptcha.com/siteverify',
  turnstile: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
} as const;

export interface HttpCaptchaOptions {
  /** A siteverify URL, e.g. one of `captchaVerifyUrls`. */
  verifyUrl: string;
  secret: string;
  /** Public key the screen's widget needs. */
  siteKey?: string;
  timeoutMs?: number;
}

/** The provider could not answer; the rate-limit processor stops with `captcha_unavailable`. */
export class CaptchaUnavailableError extends IoError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('captcha_unavailable', 503, message, options);
  }
}

/** Verifies a response with an hCaptcha- or Turnstile-compatible siteverify endpoint. */
export class HttpCaptchaVerifier implements CaptchaVerifier {
  readonly siteKey?: string;

  constructor(
    private readonly http: HttpClient,
    private readonly options: HttpCaptchaOptions,
  ) {
    if (options.siteKey) this.siteKey = options.siteKey;
  }

  async verify(response: string, clientIp: string | undefined): Promise<boolean> {
    const form = new URLSearchParams({ secret: this.options.secret, response });
    if (clientIp) form.set('remoteip', clientIp);
    const answer = await this.http.request({
      method: 'POST',
      url: this.options.verifyUrl,
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

/** A verifier for tests and demos: accepts exactly the given responses. */
export function createStaticCaptchaVerifier(acceptedResponses: readonly string[], siteKey = 'test-site-key'): CaptchaVerifier {
  const accepted = new Set(acceptedResponses);
  return { siteKey, verify: async (response) => accepted.has(response) };
}
