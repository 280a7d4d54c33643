/**
 * The checks that span keys of the config file (unique names, operators bound to declared queues, media addresses
 * against sip.listen), and the rtpHost default they share with the schema. They read the raw value defensively: they
 * run even when other keys are invalid, so one run reports every problem.
 */
import type { z } from 'zod';
import { isIpLiteral, isUnspecifiedAddress } from './config-primitives.js';
import { DEFAULT_RTP_PORTS, DEFAULT_SIP_PORT, FALLBACK_RTP_HOST } from './config-defaults.js';
import { closest } from './edit-distance.js';

/**
 * media.rtpHost when the file sets none: the host of the first sip.listen entry if it is a specific address, else
 * sip.publicAddress, else 127.0.0.1. `from` names the key it came from, for messages. Reads `sip` defensively, as the
 * cross-checks see it before every key is known to be valid.
 */
export function defaultRtpHost(sip: unknown): { host: string; from: string } {
  const listen = field(sip, 'listen');
  const first = Array.isArray(listen) ? (listen as unknown[])[0] : undefined;
  const listenHost = first === undefined ? undefined : (field(first, 'host') ?? '0.0.0.0');
  if (typeof listenHost === 'string' && !isUnspecifiedAddress(listenHost)) {
    return { host: listenHost, from: 'sip.listen[0].host' };
  }
  const publicAddress = field(sip, 'publicAddress');
  if (typeof publicAddress === 'string') return { host: publicAddress, from: 'sip.publicAddress' };
  return { host: FALLBACK_RTP_HOST, from: 'the fallback' };
}

function records(value: unknown): { index: number; item: Record<string, unknown> }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown, index) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? [{ index, item: item as Record<string, unknown> }]
      : [],
  );
}

function field(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[key] : undefined;
}

function uniqueNames(value: unknown, listKey: string, key: string, noun: string, ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  for (const { index, item } of records(field(value, listKey))) {
    const n = item[key];
    if (typeof n !== 'string') continue;
    const first = seen.get(n);
    if (first === undefined) {
      seen.set(n, index);
      continue;
    }
    ctx.addIssue({
      code: 'custom',
      path: [listKey, index, key],
      input: n,
      message: `a unique ${noun} (${listKey}[${first}] is already named ${JSON.stringify(n)})`,
    });
  }
}

export function crossCheck(value: unknown, ctx: z.RefinementCtx): void {
  const tts = field(value, 'tts');
  if (field(tts, 'engine') === 'command' && field(tts, 'command') === undefined) {
    ctx.addIssue({ code: 'custom', path: ['tts', 'command'], input: undefined, message: 'a mapping with program and args, since tts.engine is command' });
  }
  uniqueNames(value, 'queues', 'name', 'queue name', ctx);
  uniqueNames(value, 'operators', 'username', 'user name', ctx);
  uniqueNames(value, 'trunks', 'name', 'trunk name', ctx);
  uniqueNames(value, 'rules', 'name', 'rule name', ctx);

  const declared = new Set(
    records(field(value, 'queues'))
      .map(({ item }) => item.name)
      .filter((n): n is string => typeof n === 'string'),
  );
  const declaredList = declared.size > 0 ? [...declared].join(', ') : 'none';
  for (const { index, item: operator } of records(field(value, 'operators'))) {
    const who = typeof operator.username === 'string' ? `operator ${JSON.stringify(operator.username)}` : 'the operator';
    const bindings = Array.isArray(operator.queues) ? (operator.queues as unknown[]) : [];
    const seen = new Map<string, number>();
    bindings.forEach((binding, k) => {
      const isString = typeof binding === 'string';
      const queueName = isString ? binding : field(binding, 'name');
      if (typeof queueName !== 'string') return;
      const path = isString ? ['operators', index, 'queues', k] : ['operators', index, 'queues', k, 'name'];
      if (!declared.has(queueName)) {
        const suggestion = closest(queueName, declared);
        ctx.addIssue({
          code: 'custom',
          path,
          input: queueName,
          message:
            `a queue declared under queues (${who} is in queue ${JSON.stringify(queueName)}, which is not declared; ` +
            (suggestion ? `did you mean ${suggestion}?)` : `declared queues: ${declaredList})`),
        });
      }
      const first = seen.get(queueName);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path,
          input: queueName,
          message: `each queue once per operator (${who} already lists ${JSON.stringify(queueName)} at queues[${first}])`,
        });
      } else {
        seen.set(queueName, k);
      }
    });
  }

  const listens = new Map<string, number>();
  for (const { index, item } of records(field(field(value, 'sip'), 'listen'))) {
    const key = JSON.stringify([item.transport, item.host ?? '0.0.0.0', item.port ?? DEFAULT_SIP_PORT]);
    const first = listens.get(key);
    if (first === undefined) listens.set(key, index);
    else
      ctx.addIssue({
        code: 'custom',
        path: ['sip', 'listen', index],
        input: item,
        message: `a listen address not already listed (same as sip.listen[${first}])`,
      });
  }

  checkMedia(value, ctx);

  for (const { index, item } of records(field(value, 'trunks'))) {
    const hasUser = item.username !== undefined;
    const hasPassword = item.password !== undefined;
    if (hasUser === hasPassword) continue;
    ctx.addIssue({
      code: 'custom',
      path: ['trunks', index, hasUser ? 'password' : 'username'],
      input: undefined,
      message: hasUser
        ? 'a password as well, since username is set (digest credentials go together)'
        : 'a username as well, since password is set (digest credentials go together)',
    });
  }
}

function checkMedia(value: unknown, ctx: z.RefinementCtx): void {
  const media = field(value, 'media');
  const rtpPorts = field(media, 'rtpPorts');
  const min = field(rtpPorts, 'min') ?? DEFAULT_RTP_PORTS.min;
  const max = field(rtpPorts, 'max') ?? DEFAULT_RTP_PORTS.max;
  if (typeof min === 'number' && typeof max === 'number' && min >= max) {
    ctx.addIssue({
      code: 'custom',
      path: ['media', 'rtpPorts', 'max'],
      input: max,
      message: `a port number above rtpPorts.min (${min}), so the range holds at least one RTP/RTCP pair`,
    });
  }

  // Each media worker gets its own slice of the range, of at least one RTP/RTCP pair.
  const workers = field(media, 'workers');
  if (typeof min === 'number' && typeof max === 'number' && min < max && typeof workers === 'number' && workers > 1) {
    if ((Math.floor((max - min + 1) / workers) & ~1) < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['media', 'workers'],
        input: workers,
        message: `at most ${Math.floor((max - min + 1) / 2)} workers for rtpPorts ${min}..${max} (each worker needs a slice of at least one RTP/RTCP pair)`,
      });
    }
  }

  // The default must be usable too: RTP sockets bind to it and SDP carries it, and holdless resolves no names.
  if (field(media, 'rtpHost') !== undefined) return;
  const { host: derived, from } = defaultRtpHost(field(value, 'sip'));
  if (isIpLiteral(derived)) return;
  ctx.addIssue({
    code: 'custom',
    path: ['media', 'rtpHost'],
    input: undefined,
    message:
      `an IP address of this host, set here because the default, ${from} (${JSON.stringify(derived)}), is a host ` +
      'name (holdless does not resolve host names for media yet)',
  });
}
