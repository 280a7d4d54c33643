/**
 * Binds the sockets of one leg on a port pair from the allocator: RTP on the even port, RTCP on the odd one above it
 * (RFC 3550 §11), or RTP alone when RTCP is multiplexed on it (RFC 5761). A port some other process holds is
 * quarantined and the next pair tried, until the range has been tried once; then `PortsExhaustedError`.
 */
import type { MediaSocket, MediaSocketFactory } from './media-socket.js';
import { MediaEndpointError, PortsExhaustedError } from './media-endpoint-error.js';
import type { PortAllocator } from './port-allocator.js';

export interface MediaPorts {
  /** The even RTP port. */
  readonly port: number;
  readonly rtp: MediaSocket;
  /** The RTCP socket on port + 1, or null with rtcp-mux. */
  readonly rtcp: MediaSocket | null;
}

function inUse(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';
}

export async function openMediaPorts(allocator: PortAllocator, host: string, rtcpMux: boolean, bind: MediaSocketFactory): Promise<MediaPorts> {
  let lastError: unknown;
  for (let attempt = 0; attempt < allocator.capacity; attempt++) {
    const port = allocator.allocate(); // throws PortsExhaustedError when every pair is booked
    let rtp: MediaSocket | null = null;
    try {
      rtp = await bind(host, port);
      const rtcp = rtcpMux ? null : await bind(host, port + 1);
      return { port, rtp, rtcp };
    } catch (err) {
      await rtp?.close();
      if (!inUse(err)) {
        allocator.release(port);
        throw err instanceof MediaEndpointError ? err : new MediaEndpointError('bind-failed', `cannot bind ${host}:${port}`, { cause: err });
      }
      allocator.release(port, { quarantine: true });
      lastError = err;
    }
  }
  throw new PortsExhaustedError(allocator.min, allocator.max, { cause: lastError });
}

/** Closes the sockets and gives the port back. */
export async function closeMediaPorts(allocator: PortAllocator, ports: MediaPorts): Promise<void> {
  await Promise.all([ports.rtp.close(), ports.rtcp?.close()]);
  allocator.release(ports.port);
}
