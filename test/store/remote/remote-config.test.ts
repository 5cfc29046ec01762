import { describe, expect, test } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { CacheConfig, DEFAULT_REMOTE_TIMEOUT_MS, remoteConfigFrom } from '../../../src/store/cache-config.js';

const SECRET = 'p4ss-w0rd';

describe('team cache settings', () => {
  test('none without a URL; the flag overrides the environment; --no-remote turns it off', () => {
    expect(remoteConfigFrom({}, {})).toBeUndefined();
    const env = { REPO_MAP_CACHE_REMOTE_URL: 'redis://env-host:6379' };
    expect(remoteConfigFrom({}, env)?.describe()).toBe('redis://env-host:6379');
    expect(remoteConfigFrom({ remote: 'rediss://flag-host:6380' }, env)?.describe()).toBe('rediss://flag-host:6380');
    expect(remoteConfigFrom({ remote: false }, env)).toBeUndefined();
  });

  test('defaults: read and write, the shared namespace, bounded timeouts', () => {
    const config = remoteConfigFrom({ remote: 'redis://h:1' }, {})!;
    expect([config.mode, config.namespace, config.timeoutMs]).toEqual(['readwrite', 'shared', DEFAULT_REMOTE_TIMEOUT_MS]);
    expect(DEFAULT_REMOTE_TIMEOUT_MS).toBeLessThan(500);
  });

  test('mode, namespace and TTL from flags over the environment, validated', () => {
    const env = { REPO_MAP_CACHE_REMOTE_MODE: 'write', REPO_MAP_CACHE_REMOTE_NAMESPACE: 'ci', REPO_MAP_CACHE_REMOTE_TTL_DAYS: '7' };
    const fromEnv = remoteConfigFrom({ remote: 'redis://h:1' }, env)!;
    expect([fromEnv.mode, fromEnv.namespace, fromEnv.ttlDays]).toEqual(['write', 'ci', 7]);
    const fromFlags = remoteConfigFrom({ remote: 'redis://h:1', remoteMode: 'read', remoteNamespace: 'team-a' }, env)!;
    expect([fromFlags.mode, fromFlags.namespace]).toEqual(['read', 'team-a']);
    expect(() => remoteConfigFrom({ remote: 'redis://h:1', remoteMode: 'sometimes' }, {})).toThrow(/--remote-mode: unknown remote mode 'sometimes'/);
    expect(() => remoteConfigFrom({ remote: 'redis://h:1', remoteNamespace: 'a:b' }, {})).toThrow(UsageError);
  });

  test('a bad URL is a usage error that does not repeat the password', () => {
    for (const url of [`http://user:${SECRET}@host:1`, `redis//:${SECRET}@host`]) {
      let message = '';
      try {
        remoteConfigFrom({ remote: url }, {});
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        message = (error as Error).message;
      }
      expect(message).toMatch(/^--remote: /);
      expect(message).not.toContain(SECRET);
    }
  });

  test('credentials never reach JSON or descriptions', () => {
    const env = { REPO_MAP_CACHE_REMOTE_URL: `redis://alice:${SECRET}@host:6379/2`, REPO_MAP_CACHE_REMOTE_PASSWORD: `${SECRET}-env` };
    const config = CacheConfig.fromEnv('/repo', {}, env);
    expect(config.remote?.password).toBe(`${SECRET}-env`);
    expect(config.remote?.describe()).toBe('redis://host:6379');
    expect(JSON.stringify(config)).not.toContain(SECRET);
    expect(JSON.stringify(config)).not.toContain('alice');
  });
});
