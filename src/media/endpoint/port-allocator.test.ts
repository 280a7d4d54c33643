import { describe, expect, it } from 'vitest';
import { MediaEndpointError, PortsExhaustedError } from './media-endpoint-error.js';
import { PortAllocator } from './port-allocator.js';

describe('PortAllocator', () => {
  it('hands out even ports only (RFC 3550 §11: RTP even, RTCP the odd one above)', () => {
    const ports = new PortAllocator({ min: 20001, max: 20010 });
    const got = [ports.allocate(), ports.allocate(), ports.allocate(), ports.allocate()];
    expect(got).toEqual([20002, 20004, 20006, 20008]);
    expect(ports.capacity).toBe(4); // 20010 has no odd partner inside the range
    expect(ports.max).toBe(20009);
  });

  it('throws PortsExhaustedError, a typed MediaEndpointError, when every pair is in use', () => {
    const ports = new PortAllocator({ min: 20000, max: 20003 });
    ports.allocate();
    ports.allocate();
    const err = (() => {
      try {
        ports.allocate();
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(PortsExhaustedError);
    expect(err).toBeInstanceOf(MediaEndpointError);
    expect((err as MediaEndpointError).reason).toBe('ports-exhausted');
  });

  it('reclaims released ports, round-robin: the port just freed is the last to be reused', () => {
    const ports = new PortAllocator({ min: 20000, max: 20005 });
    const a = ports.allocate();
    const b = ports.allocate();
    ports.release(a);
    expect(ports.inUse).toBe(1);
    expect(ports.allocate()).toBe(20004); // the cursor moves on first
    expect(ports.allocate()).toBe(a); // then wraps to the freed one
    expect(() => ports.allocate()).toThrow(PortsExhaustedError);
    ports.release(b);
    expect(ports.allocate()).toBe(b);
  });

  it('skips a quarantined port (held by another process) for two passes', () => {
    const ports = new PortAllocator({ min: 20000, max: 20005 });
    const a = ports.allocate();
    ports.release(a, { quarantine: true });
    expect([ports.allocate(), ports.allocate()]).toEqual([20002, 20004]);
    expect(() => ports.allocate()).toThrow(PortsExhaustedError); // 20000 still waits out its passes
    ports.release(20002);
    ports.release(20004);
    const next = [ports.allocate(), ports.allocate(), ports.allocate()];
    expect(next.sort()).toEqual([20000, 20002, 20004]);
  });

  it('refuses bad ranges and foreign releases with invalid-config', () => {
    expect(() => new PortAllocator({ min: 100, max: 200 })).toThrow(MediaEndpointError);
    expect(() => new PortAllocator({ min: 30000, max: 30000 })).toThrow(MediaEndpointError);
    const ports = new PortAllocator({ min: 20000, max: 20100 });
    expect(() => ports.release(20002)).toThrow(MediaEndpointError);
    expect(() => ports.release(20003)).toThrow(MediaEndpointError);
  });
});
