/**
 * Host allow-lists for outbound HTTP. An entry is a host name (`api.example.com`), optionally with a
 * port (`api.example.com:8443`, which then must match too), or `*.example.com` for any subdomain
 * (not the domain itself). Matching is case-insensitive; nothing else (paths, schemes) is allowed.
 */
const entrySyntax = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;

export function isHostPattern(entry: string): boolean {
  return entrySyntax.test(entry);
}

/** Whether `url`'s host is on the list (false for a URL that does not parse). */
export function hostAllowed(url: URL, allowList: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowList.some((raw) => {
    const entry = raw.toLowerCase();
    const [host = '', entryPort] = entry.split(':');
    if (entryPort !== undefined && entryPort !== port) return false;
    return host.startsWith('*.') ? hostname.endsWith(host.slice(1)) : hostname === host;
  });
}
