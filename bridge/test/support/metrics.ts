/**
 * The sum of a metric's samples in Prometheus's text format whose labels include `labels`, e.g.
 * `sample(text, 'io_journeys_started_total', { realm: 'demo' })`; 0 when there is none.
 */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(/,(?=[a-z_]+=")/);
    if (wanted.every((label) => have.includes(label))) total += Number(match[3]);
  }
  return total;
}
