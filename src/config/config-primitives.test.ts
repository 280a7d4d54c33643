import { describe, expect, it } from 'vitest';
import { isHost, isIpLiteral, isIpOrCidr, isUnspecifiedAddress, splitHostPort } from './config-primitives.js';

describe('splitHostPort', () => {
  it.each([
    ['sip.example.net:5080', { host: 'sip.example.net', port: 5080 }],
    ['sip.example.net', { host: 'sip.example.net', port: 5060 }],
    ['192.0.2.1:5070', { host: '192.0.2.1', port: 5070 }],
    ['[2001:db8::1]:5061', { host: '2001:db8::1', port: 5061 }],
    ['2001:db8::1', { host: '2001:db8::1', port: 5060 }],
  ])('%s', (input, expected) => {
    expect(splitHostPort(input, 5060)).toEqual(expected);
  });

  it.each(['', 'h:0', 'h:65536', 'h:x', 'a:b:c', '[nope]:5060', 'sip://h', 'under_score.example'])('rejects %j', (input) => {
    expect(splitHostPort(input, 5060)).toBeUndefined();
  });
});

describe('isIpOrCidr', () => {
  it.each(['192.0.2.1', '192.0.2.0/24', '0.0.0.0/0', '2001:db8::/32', '::1'])('accepts %s', (v) => {
    expect(isIpOrCidr(v)).toBe(true);
  });
  it.each(['192.0.2.0/33', '2001:db8::/129', 'example.com', '192.0.2.1/', '192.0.2/24', '10.0.0.1/-1'])('rejects %s', (v) => {
    expect(isIpOrCidr(v)).toBe(false);
  });
});

describe('isHost', () => {
  it('accepts names and addresses, rejects URLs and ports', () => {
    expect(['localhost', 'sip.example.com', '127.0.0.1', '::1'].every(isHost)).toBe(true);
    expect(['http://x', 'x:80', '', 'a b', '-bad.example'].some(isHost)).toBe(false);
  });
});

describe('isIpLiteral and isUnspecifiedAddress', () => {
  it('tell IP literals from names, and "every interface" from a specific address', () => {
    expect(['192.0.2.1', '::1', '2001:db8::10', '0.0.0.0'].every(isIpLiteral)).toBe(true);
    expect(['localhost', 'sip.example.com', '[::1]', '192.0.2.1:5060', ''].some(isIpLiteral)).toBe(false);
    expect(['0.0.0.0', '::', '0::0', '0:0:0:0:0:0:0:0'].every(isUnspecifiedAddress)).toBe(true);
    expect(['127.0.0.1', '::1', '0.0.0.1', 'localhost', '00'].some(isUnspecifiedAddress)).toBe(false);
  });
});
