/** Flattens a parsed query or urlencoded body to single string values (repeated keys: first wins). */
export function stringFields(source: unknown): Record<string, string> {
  if (typeof source !== 'object' || source === null) return {};
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') fields[name] = first;
  }
  return fields;
}
