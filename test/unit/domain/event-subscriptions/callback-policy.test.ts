import { describe, expect, it } from 'vitest';
import { callbackProblem, isNonPublicAddress } from '../../../../domain/event-subscriptions/callback-policy.js';

const onAws = { allowLocal: false };
const locally = { allowLocal: true };

describe('hub callback policy', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00:ec2::254', '::ffff:127.0.0.1', '::ffff:7f00:1', 'not-an-address'])(
    '%s is no public address',
    (address) => expect(isNonPublicAddress(address)).toBe(true),
  );

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])('%s is a public address', (address) => expect(isNonPublicAddress(address)).toBe(false));

  it('take public https callbacks on AWS', () => {
    expect(callbackProblem('https://listener.example.com/events?x=1', onAws)).toBeUndefined();
    expect(callbackProblem('https://93.184.215.14:8443/hook', onAws)).toBeUndefined();
  });

  it.each([
    ['http://listener.example.com/', 'https'],
    ['ftp://listener.example.com/', 'https'],
    ['https://localhost:4000/', 'this machine'],
    ['https://api.localhost/', 'this machine'],
    ['https://127.0.0.1/', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'private'],
    ['https://[::1]/', 'private'],
    ['https://[::ffff:10.0.0.1]/', 'private'],
    ['https://2130706433/', 'private'],
    ['https://user:pass@listener.example.com/', 'credentials'],
    ['listener.example.com/events', 'absolute URL'],
  ])('refuse %s on AWS', (callback, problem) => expect(callbackProblem(callback, onAws)).toContain(problem));

  it('take a listener on this machine locally, still without credentials', () => {
    expect(callbackProblem('http://127.0.0.1:4010/events', locally)).toBeUndefined();
    expect(callbackProblem('http://localhost:4010/events', locally)).toBeUndefined();
    expect(callbackProblem('http://user:pass@127.0.0.1:4010/', locally)).toContain('credentials');
  });
});
