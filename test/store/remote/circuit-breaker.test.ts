import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, test } from 'vitest';
import { BREAKER_FAILURE_THRESHOLD, CircuitBreaker } from '../../../src/store/remote/circuit-breaker.js';

const fail = async (): Promise<never> => {
  throw new Error('connection refused');
};

describe('the circuit breaker', () => {
  test('opens after consecutive failures, warns once, and then makes no call', async () => {
    const warnings: string[] = [];
    const breaker = new CircuitBreaker((message) => warnings.push(message));
    for (let i = 0; i < BREAKER_FAILURE_THRESHOLD; i++) expect(await breaker.call('read', 1000, fail)).toBeUndefined();
    expect(breaker.isOpen).toBe(true);
    let called = false;
    expect(await breaker.call('read', 1000, async () => (called = true))).toBeUndefined();
    expect(called).toBe(false);
    expect(warnings).toEqual(['read: connection refused']);
  });

  test('a success in between resets the count', async () => {
    const breaker = new CircuitBreaker();
    for (let i = 0; i < 5; i++) {
      await breaker.call('read', 1000, fail);
      expect(await breaker.call('read', 1000, async () => 'ok')).toBe('ok');
    }
    expect(breaker.isOpen).toBe(false);
  });

  test('a call that does not answer times out', async () => {
    const breaker = new CircuitBreaker();
    const started = performance.now();
    expect(await breaker.call('read', 50, () => new Promise(() => undefined))).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(breaker.firstFailure).toBe('read: read timed out after 50 ms');
  });

  test('a reply that reached the socket while the thread was busy is not taken for a timeout', async () => {
    const server = createServer();
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const peer = await accepted;
    try {
      const breaker = new CircuitBreaker();
      const call = breaker.call('read', 20, () => new Promise<string>((resolve) => client.once('data', (data) => resolve(data.toString()))));
      peer.write('reply');
      const busyUntil = performance.now() + 200;
      while (performance.now() < busyUntil) {
        // a synchronous parse holding the thread past the timeout while the reply waits unread
      }
      expect(await call).toBe('reply');
    } finally {
      client.destroy();
      peer.destroy();
      server.close();
    }
  });
});
