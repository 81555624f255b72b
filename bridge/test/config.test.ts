import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfigFromEnv, resolveConfig } from '../src/config/load-config.js';
import { redisTarget } from '../src/config/redis-settings.js';
import { ConfigError } from '../src/errors.js';

const issuer = 'http://localhost:8080/realms/demo';
/** The tests use plain http, as a development setup does. */
const dev = { IO_ALLOW_HTTP: '1' };

function configErrorOf(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfigFromEnv({ ...dev, IO_TRUSTED_ISSUERS: `${issuer}, http://kc/realms/b` });
    expect(config).to.include({
      publicUrl: 'http://localhost:3000',
      audience: 'http://localhost:3000',
      host: '127.0.0.1',
      port: 3000,
      sessionTtlSeconds: 900,
      redisKeyPrefix: 'io:',
      theme: 'default',
    });
    expect(config.trustedIssuers).to.deep.equal([issuer, 'http://kc/realms/b']);
    expect(config.allowHttp).to.equal(true);
    expect(config.redisUrl).to.equal(undefined);
    expect(config.flowsDir).to.match(/bridge\/flows$/);
    expect(config.themesDir).to.match(/themes$/);
  });

  it('reads the networks outbound HTTP may reach although they are internal (none by default)', () => {
    expect(loadConfigFromEnv({ ...dev, IO_TRUSTED_ISSUERS: issuer }).httpAllowedNetworks).to.deep.equal([]);
    expect(loadConfigFromEnv({ ...dev, IO_TRUSTED_ISSUERS: issuer, IO_HTTP_ALLOWED_NETWORKS: '10.20.0.0/16, fd12::/64' }).httpAllowedNetworks).to.deep.equal([
      '10.20.0.0/16',
      'fd12::/64',
    ]);
    expect(configErrorOf(() => loadConfigFromEnv({ ...dev, IO_TRUSTED_ISSUERS: issuer, IO_HTTP_ALLOWED_NETWORKS: '*.internal' })).variable).to.equal(
      'IO_HTTP_ALLOWED_NETWORKS',
    );
  });

  it('keeps 256 published flow versions by default; IO_FLOW_CACHE_SIZE must be a positive integer', () => {
    expect(loadConfigFromEnv({ ...dev, IO_TRUSTED_ISSUERS: issuer }).flowCacheSize).to.equal(256);
    expect(loadConfigFromEnv({ ...dev, IO_TRUSTED_ISSUERS: issuer, IO_FLOW_CACHE_SIZE: '16' }).flowCacheSize).to.equal(16);
    for (const bad of ['0', '-1', 'many', '1.5', '100001']) {
      expect(configErrorOf(() => loadConfigFromEnv({ ...dev, IO_TRUSTED_ISSUERS: issuer, IO_FLOW_CACHE_SIZE: bad })).variable, bad).to.equal(
        'IO_FLOW_CACHE_SIZE',
      );
    }
  });

  it('defaults the audience to the public URL', () => {
    const config = loadConfigFromEnv({ ...dev, IO_TRUSTED_ISSUERS: issuer, IO_PUBLIC_URL: 'https://io.example.com/' });
    expect(config.audience).to.equal('https://io.example.com');
  });

  it('requires IO_TRUSTED_ISSUERS', () => {
    expect(configErrorOf(() => loadConfigFromEnv({ ...dev })).variable).to.equal('IO_TRUSTED_ISSUERS');
  });

  it('names the variable of an invalid value', () => {
    expect(configErrorOf(() => loadConfigFromEnv({ ...dev, IO_TRUSTED_ISSUERS: issuer, IO_PORT: 'eighty' })).variable).to.equal('IO_PORT');
    expect(configErrorOf(() => loadConfigFromEnv({ ...dev, IO_TRUSTED_ISSUERS: issuer, IO_PORT: '70000' })).message).to.match(/^IO_PORT: /);
    expect(configErrorOf(() => loadConfigFromEnv({ ...dev, IO_TRUSTED_ISSUERS: 'not-a-url' })).variable).to.equal('IO_TRUSTED_ISSUERS');
    expect(configErrorOf(() => loadConfigFromEnv({ ...dev, IO_TRUSTED_ISSUERS: issuer, IO_PUBLIC_URL: 'ftp://x' })).variable).to.equal('IO_PUBLIC_URL');
    expect(configErrorOf(() => loadConfigFromEnv({ ...dev, IO_TRUSTED_ISSUERS: issuer, IO_LOG_LEVEL: 'loud' })).variable).to.equal('IO_LOG_LEVEL');
    expect(configErrorOf(() => loadConfigFromEnv({ ...dev, IO_TRUSTED_ISSUERS: issuer, REDIS_URL: 'http://x' })).variable).to.equal('REDIS_URL');
  });

  it('reads a JSON config file, with environment variables taking precedence', () => {
    const dir = mkdtempSync(join(tmpdir(), 'io-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ trustedIssuers: [issuer], port: 4000, sessionTtlSeconds: 600 }));
    const config = loadConfigFromEnv({ ...dev, IO_CONFIG_FILE: file, IO_PORT: '4001' });
    expect(config).to.include({ port: 4001, sessionTtlSeconds: 600 });
  });

  it('reports an unreadable config or signing keys file', () => {
    expect(configErrorOf(() => loadConfigFromEnv({ ...dev, IO_CONFIG_FILE: '/nonexistent/io.json' })).variable).to.equal('IO_CONFIG_FILE');
    const dir = mkdtempSync(join(tmpdir(), 'io-keys-'));
    writeFileSync(join(dir, 'keys.json'), '{"keys": []}');
    const error = configErrorOf(() => loadConfigFromEnv({ ...dev, IO_TRUSTED_ISSUERS: issuer, IO_SIGNING_KEYS_FILE: join(dir, 'keys.json') }));
    expect(error.variable).to.equal('IO_SIGNING_KEYS_FILE');
  });

  it('accepts a config object directly', () => {
    expect(resolveConfig({ trustedIssuers: [issuer], port: 0, allowHttp: true }).port).to.equal(0);
    expect(configErrorOf(() => resolveConfig({ trustedIssuers: [] })).variable).to.equal('IO_TRUSTED_ISSUERS');
  });

  it('refuses plain http for the public URL and the trusted issuers unless IO_ALLOW_HTTP is set', () => {
    const https = { IO_TRUSTED_ISSUERS: 'https://sso.example.com/realms/demo', IO_PUBLIC_URL: 'https://io.example.com' };
    expect(loadConfigFromEnv(https).allowHttp).to.equal(undefined);
    const publicUrl = configErrorOf(() => loadConfigFromEnv({ ...https, IO_PUBLIC_URL: 'http://io.example.com' }));
    expect(publicUrl.variable).to.equal('IO_PUBLIC_URL');
    expect(publicUrl.message).to.match(/must be https.*IO_ALLOW_HTTP=1/);
    const issuers = configErrorOf(() =>
      loadConfigFromEnv({ ...https, IO_TRUSTED_ISSUERS: 'https://sso.example.com/realms/demo,http://sso.example.com/realms/b' }),
    );
    expect(issuers.variable).to.equal('IO_TRUSTED_ISSUERS');
    expect(issuers.message).to.match(/must be https \(got http:\/\/sso.example.com\/realms\/b\).*IO_ALLOW_HTTP=1/);
    expect(configErrorOf(() => loadConfigFromEnv({ ...https, IO_ALLOW_HTTP: '0', IO_PUBLIC_URL: 'http://localhost:3000' })).variable).to.equal('IO_PUBLIC_URL');
    expect(
      configErrorOf(() => resolveConfig({ trustedIssuers: ['http://sso.example.com/realms/demo'], publicUrl: 'https://io.example.com' })).variable,
    ).to.equal('IO_TRUSTED_ISSUERS');
    expect(loadConfigFromEnv({ ...https, IO_ALLOW_HTTP: '1', IO_PUBLIC_URL: 'http://localhost:3000' }).publicUrl).to.equal('http://localhost:3000');
  });

  it('reads the CAPTCHA setting, all three variables or none', () => {
    const base = { ...dev, IO_TRUSTED_ISSUERS: issuer };
    const captcha = { IO_CAPTCHA_PROVIDER: 'hcaptcha', IO_CAPTCHA_SECRET: 's3cret', IO_CAPTCHA_SITE_KEY: 'site-key' };
    expect(loadConfigFromEnv({ ...base, ...captcha })).to.deep.include({ captchaProvider: 'hcaptcha', captchaSecret: 's3cret', captchaSiteKey: 'site-key' });
    expect(loadConfigFromEnv(base)).not.to.have.property('captchaProvider');
    expect(configErrorOf(() => loadConfigFromEnv({ ...base, ...captcha, IO_CAPTCHA_PROVIDER: 'recaptcha' })).variable).to.equal('IO_CAPTCHA_PROVIDER');
    expect(configErrorOf(() => loadConfigFromEnv({ ...base, IO_CAPTCHA_PROVIDER: 'turnstile', IO_CAPTCHA_SITE_KEY: 'site-key' })).variable).to.equal(
      'IO_CAPTCHA_SECRET',
    );
    expect(configErrorOf(() => loadConfigFromEnv({ ...base, IO_CAPTCHA_SECRET: 's3cret' })).variable).to.equal('IO_CAPTCHA_PROVIDER');
  });

  it('reads another siteverify URL (IO_CAPTCHA_VERIFY_URL): with a provider, over https unless plain http is allowed', () => {
    const captcha = {
      IO_TRUSTED_ISSUERS: 'https://sso.example.com/realms/demo',
      IO_PUBLIC_URL: 'https://io.example.com',
      IO_CAPTCHA_PROVIDER: 'turnstile',
      IO_CAPTCHA_SECRET: 's3cret',
      IO_CAPTCHA_SITE_KEY: 'site-key',
    };
    const proxy = 'https://captcha-proxy.example.com/siteverify';
    expect(loadConfigFromEnv({ ...captcha, IO_CAPTCHA_VERIFY_URL: proxy }).captchaVerifyUrl).to.equal(proxy);
    expect(configErrorOf(() => loadConfigFromEnv({ ...captcha, IO_CAPTCHA_VERIFY_URL: 'http://captcha-proxy.example.com/siteverify' })).variable).to.equal(
      'IO_CAPTCHA_VERIFY_URL',
    );
    expect(loadConfigFromEnv({ ...captcha, IO_ALLOW_HTTP: '1', IO_CAPTCHA_VERIFY_URL: 'http://127.0.0.1:9/siteverify' }).captchaVerifyUrl).to.equal(
      'http://127.0.0.1:9/siteverify',
    );
    expect(configErrorOf(() => loadConfigFromEnv({ ...captcha, IO_CAPTCHA_VERIFY_URL: 'ftp://x/siteverify' })).variable).to.equal('IO_CAPTCHA_VERIFY_URL');
    const { IO_CAPTCHA_PROVIDER: _provider, IO_CAPTCHA_SECRET: _secret, IO_CAPTCHA_SITE_KEY: _key, ...without } = captcha;
    expect(configErrorOf(() => loadConfigFromEnv({ ...without, IO_CAPTCHA_VERIFY_URL: proxy })).variable).to.equal('IO_CAPTCHA_PROVIDER');
  });

  it('accepts only realm issuers ({base}/realms/{name}): the realm is derived from them', () => {
    for (const bad of ['https://sso.example.com', 'https://sso.example.com/realms/', 'https://sso.example.com/realms/demo/', 'https://sso.example.com/auth']) {
      expect(configErrorOf(() => loadConfigFromEnv({ IO_TRUSTED_ISSUERS: bad, IO_PUBLIC_URL: 'https://io.example.com' })).variable, bad).to.equal(
        'IO_TRUSTED_ISSUERS',
      );
    }
    expect(
      loadConfigFromEnv({ IO_TRUSTED_ISSUERS: 'https://sso.example.com/auth/realms/demo', IO_PUBLIC_URL: 'https://io.example.com' }).trustedIssuers,
    ).to.have.length(1);
  });
  it('trusts no proxy by default; IO_TRUSTED_PROXIES takes a hop count or addresses, ranges and names', () => {
    const env = { ...dev, IO_TRUSTED_ISSUERS: issuer };
    expect(loadConfigFromEnv(env).trustedProxies).to.equal(undefined);
    expect(loadConfigFromEnv({ ...env, IO_TRUSTED_PROXIES: '2' }).trustedProxies).to.equal(2);
    expect(loadConfigFromEnv({ ...env, IO_TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.7, fd00::/8, ::1, loopback' }).trustedProxies).to.deep.equal([
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      '::1',
      'loopback',
    ]);
    for (const bad of ['0', '21', 'true', '10.0.0.0/33', '10.0.0/8', 'proxy.internal', '2,10.0.0.1', 'fd00::/129', '10.0.0.1/8/8']) {
      const error = configErrorOf(() => loadConfigFromEnv({ ...env, IO_TRUSTED_PROXIES: bad }));
      expect(error.variable, bad).to.equal('IO_TRUSTED_PROXIES');
      expect(error.message, bad).to.contain('CIDR ranges');
    }
    // From a config file: `true` (trust any X-Forwarded-For) is refused too.
    expect(configErrorOf(() => resolveConfig({ trustedIssuers: [issuer], allowHttp: true, trustedProxies: true as unknown as number })).variable).to.equal(
      'IO_TRUSTED_PROXIES',
    );
  });

  it('limits handoffs and form posts per client address by default; 0 turns a limit off; the drain time defaults to 20 s', () => {
    const env = { ...dev, IO_TRUSTED_ISSUERS: issuer };
    expect(loadConfigFromEnv(env)).to.include({ rateLimitWindowSeconds: 60, rateLimitHandoff: 60, rateLimitFormPosts: 300, shutdownDrainSeconds: 20 });
    expect(
      loadConfigFromEnv({
        ...env,
        IO_RATE_LIMIT_HANDOFF: '0',
        IO_RATE_LIMIT_FORM_POSTS: '0',
        IO_RATE_LIMIT_WINDOW_SECONDS: '10',
        IO_SHUTDOWN_DRAIN_SECONDS: '5',
      }),
    ).to.include({
      rateLimitHandoff: 0,
      rateLimitFormPosts: 0,
      rateLimitWindowSeconds: 10,
      shutdownDrainSeconds: 5,
    });
    expect(configErrorOf(() => loadConfigFromEnv({ ...env, IO_RATE_LIMIT_WINDOW_SECONDS: '0' })).variable).to.equal('IO_RATE_LIMIT_WINDOW_SECONDS');
    expect(configErrorOf(() => loadConfigFromEnv({ ...env, IO_RATE_LIMIT_HANDOFF: '-1' })).variable).to.equal('IO_RATE_LIMIT_HANDOFF');
    expect(configErrorOf(() => loadConfigFromEnv({ ...env, IO_SHUTDOWN_DRAIN_SECONDS: 'soon' })).variable).to.equal('IO_SHUTDOWN_DRAIN_SECONDS');
  });

  describe('Redis topologies', () => {
    const load = (env: Record<string, string>) => loadConfigFromEnv({ ...dev, IO_TRUSTED_ISSUERS: issuer, ...env });

    it('reads one server, Sentinel or Cluster, with credentials and TLS for the latter two', () => {
      expect(redisTarget(load({}))).to.equal(undefined);
      expect(redisTarget(load({ REDIS_URL: 'rediss://u:p@redis:6380' }))).to.deep.equal({ kind: 'standalone', url: 'rediss://u:p@redis:6380' });
      const sentinel = load({
        IO_REDIS_SENTINELS: 's1:26379, [::1]:26380',
        IO_REDIS_SENTINEL_NAME: 'io',
        IO_REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
        IO_REDIS_USERNAME: 'io',
        IO_REDIS_PASSWORD: 'data-secret',
        IO_REDIS_TLS: '1',
      });
      expect(redisTarget(sentinel)).to.deep.equal({
        kind: 'sentinel',
        sentinels: [
          { host: 's1', port: 26379 },
          { host: '::1', port: 26380 },
        ],
        name: 'io',
        sentinelPassword: 'sentinel-secret',
        username: 'io',
        password: 'data-secret',
        tls: true,
      });
      expect(redisTarget(load({ IO_REDIS_CLUSTER_NODES: 'n1:7000,n2:7001', IO_REDIS_PASSWORD: 'data-secret' }))).to.deep.equal({
        kind: 'cluster',
        nodes: [
          { host: 'n1', port: 7000 },
          { host: 'n2', port: 7001 },
        ],
        password: 'data-secret',
      });
    });

    it('refuses two topologies, Sentinel without its master name, settings for another topology, bad nodes and a prefix with braces', () => {
      const cases: Array<[Record<string, string>, string, RegExp]> = [
        [{ REDIS_URL: 'redis://r:6379', IO_REDIS_CLUSTER_NODES: 'n1:7000' }, 'IO_REDIS_CLUSTER_NODES', /cannot be combined with REDIS_URL/],
        [{ IO_REDIS_SENTINELS: 's1:26379', IO_REDIS_CLUSTER_NODES: 'n1:7000' }, 'IO_REDIS_CLUSTER_NODES', /one Redis topology/],
        [{ IO_REDIS_SENTINELS: 's1:26379' }, 'IO_REDIS_SENTINEL_NAME', /is required with IO_REDIS_SENTINELS/],
        [{ IO_REDIS_SENTINEL_NAME: 'io' }, 'IO_REDIS_SENTINEL_NAME', /only for Sentinel/],
        [{ IO_REDIS_CLUSTER_NODES: 'n1:7000', IO_REDIS_SENTINEL_PASSWORD: 'x' }, 'IO_REDIS_SENTINEL_PASSWORD', /only for Sentinel/],
        [{ REDIS_URL: 'redis://r:6379', IO_REDIS_PASSWORD: 'secret' }, 'IO_REDIS_PASSWORD', /in the URL/],
        [{ IO_REDIS_TLS: '1' }, 'IO_REDIS_TLS', /for Sentinel or Cluster/],
        [{ IO_REDIS_CLUSTER_NODES: 'n1' }, 'IO_REDIS_CLUSTER_NODES', /must match/],
        [{ IO_REDIS_SENTINELS: 'redis://s1:26379', IO_REDIS_SENTINEL_NAME: 'io' }, 'IO_REDIS_SENTINELS', /must match/],
        [{ REDIS_URL: 'redis://r:6379', IO_REDIS_KEY_PREFIX: '{io}:' }, 'IO_REDIS_KEY_PREFIX', /must match/],
      ];
      for (const [env, variable, message] of cases) {
        const error = configErrorOf(() => load(env));
        expect(error.variable, JSON.stringify(env)).to.equal(variable);
        expect(error.message, JSON.stringify(env)).to.match(message);
        expect(error.message).not.to.contain('secret');
      }
    });
  });
});
