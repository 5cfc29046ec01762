import { describe, expect, test } from 'vitest';
import { decodeValue, encodeValue } from '../../../src/store/remote/value-codec.js';
import { remoteKey } from '../../../src/store/remote/remote-keys.js';

const key = remoteKey('team', 'tags', 'f'.repeat(40), 'a'.repeat(40));
const payload = JSON.stringify({ l: 'go', d: [['Open', 'function', 3, 5]], r: [['Close', 'call', 9, 2, 1]], b: 0 });

describe('remote values', () => {
  test('a value decodes back to its payload under its own key', () => {
    expect(decodeValue(key, encodeValue(key, payload))).toBe(payload);
  });

  test('a value is smaller than its payload', () => {
    const big = JSON.stringify(Array.from({ length: 200 }, (_, i) => ['identifier_' + (i % 20), 'call', i, 4, 1]));
    expect(encodeValue(key, big).length).toBeLessThan(big.length / 3);
  });

  test('any flipped byte fails the check', () => {
    const value = encodeValue(key, payload);
    for (let i = 0; i < value.length; i++) {
      const damaged = Buffer.from(value);
      damaged[i]! ^= 0x01;
      expect(decodeValue(key, damaged), `byte ${i}`).toBeUndefined();
    }
  });

  test('a value copied under another key fails the check', () => {
    const other = remoteKey('team', 'tags', 'f'.repeat(40), 'b'.repeat(40));
    expect(decodeValue(other, encodeValue(key, payload))).toBeUndefined();
  });

  test('truncated values, garbage and empty values are refused', () => {
    const value = encodeValue(key, payload);
    expect(decodeValue(key, value.subarray(0, value.length - 1))).toBeUndefined();
    expect(decodeValue(key, Buffer.from('garbage'))).toBeUndefined();
    expect(decodeValue(key, Buffer.alloc(0))).toBeUndefined();
  });

  test('keys follow repomap:v<schema>:<namespace>:<kind>:<fingerprint>:<hash>', () => {
    expect(remoteKey('team', 'tags', 'fp', 'h')).toBe('repomap:v1:team:tags:fp:h');
  });
});
