/** The wall's inflate of packed updates (client/src/api/inflate.ts) with and without the server's size hint. */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateText } from '../../client/src/api/inflate.js';

const body = JSON.stringify({ patch: { queues: Array.from({ length: 40 }, (_, i) => ({ queue: `очередь-${i}`, waiting: i })) } });
const bytes = Buffer.byteLength(body);
const packed = deflateRawSync(Buffer.from(body)).toString('base64');

describe('inflating a packed update', () => {
  it('gives the body back with the right size, without one, and with a wrong one either way', () => {
    expect(bytes).toBeGreaterThan(body.length); // Cyrillic: more bytes than characters
    expect(inflateText(packed, bytes)).toBe(body);
    expect(inflateText(packed)).toBe(body);
    // a hint too small would fill the buffer and stop: it is noticed and the body inflated whole
    expect(inflateText(packed, bytes - 1)).toBe(body);
    expect(inflateText(packed, 1)).toBe(body);
    expect(inflateText(packed, bytes + 500)).toBe(body);
    for (const bad of [0, -5, 1.5, Number.NaN, 1e12]) expect(inflateText(packed, bad)).toBe(body);
  });
});
