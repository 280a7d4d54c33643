/**
 * Call legs' media over UDP: what the telephony layer uses to give a call audio. See docs/media.md.
 */
export type { LegStats } from './leg-stats.js';
export type { FrameHook, PacketHook } from './leg-receiver.js';
export { MediaEndpointError, type MediaEndpointErrorReason, PortsExhaustedError } from './media-endpoint-error.js';
export type { MediaSocket, MediaSocketFactory } from './media-socket.js';
export { PhasedMediaClock, type PhasedMediaClockOptions } from './phased-media-clock.js';
export { PortAllocator, type PortRange } from './port-allocator.js';
export type { RemoteReport } from './rtcp-reporter.js';
export { RtpEndpoint, type RtpEndpointEvents } from './rtp-endpoint.js';
export type { RemoteMediaAddress, RtpEndpointOptions } from './rtp-endpoint-options.js';
export type { LatchOptions, MediaAddress } from './symmetric-rtp-latch.js';
export type { TickSource } from './tick-source.js';
export { bindUdpMediaSocket } from './udp-media-socket.js';
export { LatenessHistogram, type LatenessHistogramOptions } from './lateness-histogram.js';
export type { MediaLeg } from './media-leg.js';
export { MediaThreads, type MediaThreadsOptions, type ThreadedBridge } from './threads/media-threads.js';
export type { ThreadedLegOptions } from './threads/media-worker-protocol.js';
export { ThreadedRtpEndpoint } from './threads/threaded-rtp-endpoint.js';
