/** A minimal cookie-keeping client for the bridge's HTML routes (no redirects followed). */
export class Browser {
  private cookie: string | undefined;

  constructor(private readonly baseUrl: string) {}

  async get(path: string): Promise<Response> {
    return this.keepCookie(await fetch(new URL(path, this.baseUrl), { redirect: 'manual', headers: this.headers() }));
  }

  async post(path: string, form: Record<string, string>): Promise<Response> {
    return this.keepCookie(
      await fetch(new URL(path, this.baseUrl), {
        method: 'POST',
        redirect: 'manual',
        headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
      }),
    );
  }

  private headers(): Record<string, string> {
    return this.cookie ? { cookie: this.cookie } : {};
  }

  private keepCookie(response: Response): Response {
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    return response;
  }
}

/** The value of a hidden input in a rendered page. */
export function hiddenValue(html: string, name: string): string | undefined {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
}

export const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };
