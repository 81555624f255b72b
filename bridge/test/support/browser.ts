/** A minimal cookie-keeping client for the bridge's HTML routes (no redirects followed). */
export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  async get(path: string): Promise<Response> {
    return this.keepCookies(await fetch(new URL(path, this.baseUrl), { redirect: 'manual', headers: this.headers() }));
  }

  async post(path: string, form: Record<string, string>): Promise<Response> {
    return this.keepCookies(
      await fetch(new URL(path, this.baseUrl), {
        method: 'POST',
        redirect: 'manual',
        headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
      }),
    );
  }

  /** POSTs a handoff as Keycloak's form does; returns the journey's step path (`/io/j/<handle>/step`). */
  async handoff(token: string): Promise<string> {
    const response = await this.post('/io/handoff', { token });
    const location = response.headers.get('location');
    if (response.status !== 303 || !location) throw new Error(`handoff refused (${response.status}): ${await response.text()}`);
    return location;
  }

  /** The browser's cookies as a Cookie header (e.g. to replay them from elsewhere). */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private headers(): Record<string, string> {
    return this.cookies.size > 0 ? { cookie: this.cookieHeader() } : {};
  }

  private keepCookies(response: Response): Response {
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = ''] = setCookie.split(';');
      const separator = pair.indexOf('=');
      if (separator > 0) this.cookies.set(pair.slice(0, separator), pair.slice(separator + 1));
    }
    return response;
  }
}

/** The value of a hidden input in a rendered page. */
export function hiddenValue(html: string, name: string): string | undefined {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
}

export const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };
