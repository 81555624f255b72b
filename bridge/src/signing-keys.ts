/**
 * Creates or rotates the bridge's evidence-signing key file (IO_SIGNING_KEYS_FILE).
 *
 *   npm run -w bridge keys -- new <file>       a file with one fresh ES256 key
 *   npm run -w bridge keys -- rotate <file>    a fresh key first (it signs from the next start),
 *                                              the previous ones kept (still published) up to 3
 *
 * Keycloak refetches the bridge JWKS when it meets an unknown kid, and the previous key stays
 * published, so evidence signed just before a rotation still verifies.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

const keptKeys = 3;

async function freshKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const created = new Date().toISOString().slice(0, 10);
  return { ...(await exportJWK(privateKey)), kid: `io-${created}-${crypto.randomUUID().slice(0, 8)}`, alg: 'ES256', use: 'sig' };
}

function readKeys(file: string): JWK[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { keys?: JWK[] };
  if (!Array.isArray(parsed.keys)) throw new Error(`${file} has no "keys" array`);
  return parsed.keys;
}

async function main([command, file]: string[]): Promise<void> {
  if (!file || (command !== 'new' && command !== 'rotate')) {
    throw new Error('usage: keys new <file> | keys rotate <file>');
  }
  if (command === 'new' && existsSync(file)) throw new Error(`${file} exists; use "rotate" to add a key to it`);
  const previous = command === 'rotate' ? readKeys(file) : [];
  const keys = [await freshKey(), ...previous].slice(0, keptKeys);
  writeFileSync(file, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
  console.log(`${file}: signing with ${keys[0]!.kid}; publishing ${keys.map((key) => key.kid).join(', ')}`);
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
