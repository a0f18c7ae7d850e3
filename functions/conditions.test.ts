import { describe, expect, it } from 'vitest';
import { compileCondition, evaluateCondition } from './conditions.ts';

const ip = compileCondition({
  name: 'in_range',
  expression: 'ip.in_cidr(cidr)',
  parameters: { ip: { type_name: 'TYPE_NAME_IPADDRESS' }, cidr: { type_name: 'TYPE_NAME_STRING' } },
});

describe('conditions', () => {
  it('evaluates ipaddress, with the tuple context winning over the request', () => {
    expect(evaluateCondition(ip, { cidr: '10.0.0.0/8' }, { ip: '10.1.2.3', cidr: '0.0.0.0/32' })).toEqual({
      met: true,
    });
    expect(evaluateCondition(ip, { cidr: '10.0.0.0/8' }, { ip: '11.1.2.3' })).toEqual({ met: false });
  });

  it('a missing parameter or an unconvertible value is an error, not a deny', () => {
    expect(evaluateCondition(ip, { cidr: '10.0.0.0/8' }, {}).error).toContain('missing');
    expect(evaluateCondition(ip, { cidr: '10.0.0.0/8' }, { ip: 'nope' }).error).toContain('IP address');
  });

  it('rejects CEL that does not type-check', () => {
    expect(() =>
      compileCondition({ name: 'bad', expression: 'x + "a"', parameters: { x: { type_name: 'TYPE_NAME_INT' } } }),
    ).toThrow();
  });
});
