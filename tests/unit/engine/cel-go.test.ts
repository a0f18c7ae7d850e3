/**
 * CEL conditions as OpenFGA (cel-go) type-checks and evaluates them, one table per OpenFGA
 * parameter type. Each row states cel-go's answer: `true` / `false` (the condition is met or
 * not), `type` (the model is refused: cel-go's checker has no overload, or the output is not
 * bool), `param` (the context value cannot become the parameter's type — OpenFGA's converters
 * in internal/condition/types, answered 2000), `eval` (cel-go's evaluation fails — overflow,
 * division by zero, a missing key — answered 2000). The `why` column says what in cel-go or
 * OpenFGA decides it. Differences that remain are listed in docs/engine.md ("CEL: as cel-go").
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileCondition, evaluateCondition } from '../../../functions/conditions.ts';
import { parseModel } from '../../../functions/parse.ts';
import type { ConditionParamType, ConditionTypeName } from '../../../functions/types.ts';

type Expect = boolean | 'type' | 'param' | 'eval';
type Row = [expression: string, context: Record<string, unknown>, expected: Expect, why?: string];

/** `uint`, `list<int>`, `map<any>` → OpenFGA's parameter type. */
function paramType(t: string): ConditionParamType {
  const g = /^(list|map)<(.+)>$/.exec(t);
  if (g)
    return {
      type_name: `TYPE_NAME_${g[1]?.toUpperCase()}` as ConditionTypeName,
      generic_types: [paramType(g[2] ?? '')],
    };
  return { type_name: `TYPE_NAME_${t.toUpperCase()}` as ConditionTypeName };
}

function outcome(expression: string, params: Record<string, string>, context: Record<string, unknown>): Expect {
  let c: ReturnType<typeof compileCondition>;
  try {
    c = compileCondition({
      name: 'c',
      expression,
      parameters: Object.fromEntries(Object.entries(params).map(([k, t]) => [k, paramType(t)])),
    });
  } catch {
    return 'type';
  }
  const out = evaluateCondition(c, undefined, context);
  if (out.error) return out.error.includes('parameter `') ? 'param' : 'eval';
  return out.met;
}

const MAX_INT = '9223372036854775807';
const NO_OVERLOAD = 'cel-go checker: found no matching overload';
const CROSS = `${NO_OVERLOAD}; OpenFGA leaves CrossTypeNumericComparisons off`;
const NOT_NULLABLE = `${NO_OVERLOAD}: only message, Any, Duration and Timestamp kinds take null`;
const NOT_BOOL = 'OpenFGA: expected a bool condition expression output';

const tables: Record<string, { params: Record<string, string>; rows: Row[] }> = {
  bool: {
    params: { _bool: 'bool' },
    rows: [
      ['_bool == true', { _bool: true }, true],
      ['_bool != false && !(_bool == false)', { _bool: false }, false],
      ['_bool', { _bool: true }, true],
      ['_bool == null', { _bool: true }, 'type', NOT_NULLABLE],
      ['_bool == 1', { _bool: true }, 'type', NO_OVERLOAD],
      ['_bool ? true : false', { _bool: false }, false],
      ['dyn(_bool)', { _bool: true }, 'type', NOT_BOOL],
      ['_bool', { _bool: 'true' }, 'param', 'primitive converter: a bool value only'],
      ['_bool', { _bool: 1 }, 'param', 'primitive converter: a bool value only'],
    ],
  },
  string: {
    params: { _string: 'string' },
    rows: [
      [
        '_string != "" && _string.startsWith("1") && _string.endsWith("1") && _string.contains("1") && _string.matches("[0-9]")',
        { _string: '1' },
        true,
        'openfga/sample-stores condition-data-types',
      ],
      ['_string.startsWith("1") && _string.matches("[0-9]")', { _string: 'a' }, false],
      ['_string < "b"', { _string: 'a' }, true],
      ['_string == null', { _string: 'a' }, 'type', NOT_NULLABLE],
      ['_string + 1 == "a1"', { _string: 'a' }, 'type', NO_OVERLOAD],
      ['int(_string) == 12', { _string: '12' }, true],
      ['int(_string) > 0', { _string: 'x' }, 'eval', 'string_to_int64: parse error'],
      ['size(_string) == 3', { _string: 'abc' }, true],
      ['dyn(_string == "a")', { _string: 'a' }, 'type', NOT_BOOL],
      ['_string == "1"', { _string: 1 }, 'param', 'primitive converter: a string value only'],
    ],
  },
  int: {
    params: { _int: 'int' },
    rows: [
      ['_int != 0 && _int > 0', { _int: 1 }, true, 'sample-stores'],
      ['_int != 0 && _int > 0', { _int: 0 }, false],
      ['_int > 0u', { _int: 1 }, 'type', CROSS],
      ['_int < 1.0', { _int: 0 }, 'type', CROSS],
      ['_int == 1.0', { _int: 1 }, 'type', NO_OVERLOAD],
      ['_int == null', { _int: 1 }, 'type', NOT_NULLABLE],
      ['dyn(_int) == 1.0', { _int: 1 }, true, 'runtime heterogeneous numeric equality'],
      ['_int + 1 > _int', { _int: MAX_INT }, 'eval', 'integer overflow'],
      ['_int - 1 < _int', { _int: '-9223372036854775808' }, 'eval', 'integer overflow'],
      ['_int * 2 > 0', { _int: '4611686018427387904' }, 'eval', 'integer overflow'],
      ['_int / 0 == 0', { _int: 1 }, 'eval', 'division by zero'],
      ['-_int > 0', { _int: '-9223372036854775808' }, 'eval', 'negateInt64Checked: integer overflow'],
      ['_int / -1 > 0', { _int: '-9223372036854775808' }, 'eval', 'divideInt64Checked: integer overflow'],
      ['_int % -1 == 0', { _int: '-9223372036854775808' }, 'eval', 'moduloInt64Checked: integer overflow'],
      ['_int % -1 == 0', { _int: '-9223372036854775807' }, true],
      ['_int < 9223372036854775808', { _int: 1 }, 'type', 'parser: invalid int literal'],
      ['_int > -9223372036854775808', { _int: 0 }, true, 'the one literal of -2⁶³'],
      ['_int % 0 == 0', { _int: 1 }, 'eval', 'modulus by zero'],
      ['uint(_int) == 5u', { _int: 5 }, true],
      ['uint(_int) > 0u', { _int: -1 }, 'eval', 'int64_to_uint64: range error'],
      ['double(_int) == 2.0 && string(_int) == "2"', { _int: 2 }, true],
      ['int("9223372036854775808") > 0', { _int: 1 }, 'eval', 'string_to_int64: range error'],
      ['_int == 42', { _int: '42' }, true, 'numeric converter: a decimal string'],
      ['_int == 1000', { _int: '1e3' }, true, 'numeric converter: big.ParseFloat, then IsInt'],
      ['_int == 2', { _int: '2.0' }, true, 'numeric converter: big.ParseFloat, then IsInt'],
      [
        '_int == 9223372036854775807',
        { _int: '9223372036854775808' },
        true,
        'numeric converter: big.Float.Int64 saturates',
      ],
      ['_int > 0', { _int: 1.5 }, 'param', 'numeric converter: not IsInt'],
      ['_int > 0', { _int: 'abc' }, 'param', 'numeric converter: big.ParseFloat error'],
      ['_int > 0', { _int: true }, 'param'],
    ],
  },
  uint: {
    params: { _uint: 'uint' },
    rows: [
      ['_uint != 0u && _uint > 0u', { _uint: 1 }, true, 'sample-stores'],
      ['_uint != 0u && _uint > 0u', { _uint: 0 }, false],
      ['_uint > 0', { _uint: 1 }, 'type', CROSS],
      ['_uint == 1', { _uint: 1 }, 'type', NO_OVERLOAD],
      ['_uint < 1.0', { _uint: 1 }, 'type', CROSS],
      ['_uint == null', { _uint: 1 }, 'type', NOT_NULLABLE],
      ['-_uint < 0', { _uint: 1 }, 'type', `${NO_OVERLOAD} for '-_' (no uint negation)`],
      ['dyn(_uint) == 1', { _uint: 1 }, true, 'runtime heterogeneous numeric equality'],
      ['_uint - 1u >= 0u', { _uint: 0 }, 'eval', 'unsigned integer overflow'],
      ['_uint * 2u > 0u', { _uint: MAX_INT }, true],
      ['_uint * 3u > 0u', { _uint: MAX_INT }, 'eval', 'unsigned integer overflow'],
      ['_uint / 0u == 0u', { _uint: 1 }, 'eval', 'division by zero'],
      ['int(_uint) == 5', { _uint: 5 }, true, 'uint64_to_int64'],
      ['int(_uint * 2u) > 0', { _uint: MAX_INT }, 'eval', 'uint64_to_int64: range error'],
      ['double(_uint) == 3.0 && string(_uint) == "3"', { _uint: 3 }, true],
      ['_uint == 7u', { _uint: '7' }, true, 'numeric converter: a decimal string'],
      [
        '_uint == 9223372036854775807u',
        { _uint: '18446744073709551615' },
        true,
        'numeric converter: big.Float.Int64 saturates',
      ],
      ['_uint > 0u', { _uint: -1 }, 'param', 'numeric converter: negative'],
      ['_uint > 0u', { _uint: 1.5 }, 'param', 'numeric converter: not IsInt'],
    ],
  },
  double: {
    params: { _double: 'double' },
    rows: [
      ['_double != 0.0 && _double > 0.0', { _double: 0.5 }, true, 'sample-stores'],
      ['_double != 0.0 && _double > 0.0', { _double: 0 }, false],
      ['_double > 0', { _double: 1 }, 'type', CROSS],
      ['_double >= 1u', { _double: 1 }, 'type', CROSS],
      ['_double == 1', { _double: 1 }, 'type', NO_OVERLOAD],
      ['_double == null', { _double: 1 }, 'type', NOT_NULLABLE],
      ['_double / 0.0 > 1e308', { _double: 1 }, true, 'IEEE 754: +Inf'],
      ['_double * 1e308 > 1e308', { _double: 10 }, true, 'IEEE 754: +Inf'],
      ['int(_double) == 2', { _double: 2.9 }, true, 'double_to_int64 truncates'],
      ['int(_double) > 0', { _double: 1e19 }, 'eval', 'doubleToInt64Checked: integer overflow'],
      ['int(_double) > 0', { _double: 2 ** 63 }, 'eval', 'doubleToInt64Checked: 2⁶³ as a double'],
      ['uint(_double) == 2u', { _double: 2.5 }, true],
      ['string(_double) == "1.5"', { _double: 1.5 }, true],
      ['_double == 1.5', { _double: '1.5' }, true, 'numeric converter: a decimal string'],
      ['_double > 0.0', { _double: 'abc' }, 'param'],
      ['_double > 0.0', { _double: true }, 'param'],
      [
        '_double > 0.0',
        { _double: '1.79769313486231570814527423731704356798070e+309' },
        'param',
        'conformance: handles_floats',
      ],
    ],
  },
  duration: {
    params: { _duration: 'duration' },
    rows: [
      [
        '_duration != null && _duration != duration("0s") && _duration > duration("0s")',
        { _duration: '1h' },
        true,
        'sample-stores; Duration is nullable',
      ],
      ['_duration != null && _duration != duration("0s") && _duration > duration("0s")', { _duration: '0s' }, false],
      ['_duration > duration("0s")', { _duration: '-1s' }, false],
      ['_duration == null', { _duration: '1s' }, false, 'heterogeneous equality: a Duration is never null'],
      ['null != _duration', { _duration: '1s' }, true],
      ['_duration == duration("90m")', { _duration: '1h30m' }, true, 'time.ParseDuration'],
      ['_duration == duration("90m")', { _duration: '1.5h' }, true, 'time.ParseDuration'],
      ['_duration == duration("0s")', { _duration: '0' }, true, 'time.ParseDuration accepts a bare 0'],
      ['_duration.getMilliseconds() == 300', { _duration: '300ms' }, true],
      ['_duration.getHours() == 2 && _duration.getMinutes() == 150', { _duration: '2h30m' }, true],
      ['_duration + duration("1h") == duration("2h")', { _duration: '1h' }, true],
      ['string(_duration) == "3600s"', { _duration: '1h' }, true, 'duration_to_string'],
      ['string(_duration) == "-1.5s"', { _duration: '-1500ms' }, true, 'duration_to_string'],
      ['_duration + _duration > _duration', { _duration: '2562047h' }, 'eval', 'addDurationChecked: overflow'],
      ['_duration == duration("0")', { _duration: '0s' }, true, 'duration() is time.ParseDuration too'],
      ['_duration == duration("1h30m") && duration("-1.5h") < duration("0s")', { _duration: '90m' }, true],
      ['_duration > duration("1d")', { _duration: '1s' }, 'eval', 'duration(): time: unknown unit "d"'],
      ['_duration > 1', { _duration: '1s' }, 'type', NO_OVERLOAD],
      ['_duration < timestamp("2023-01-01T00:00:00Z")', { _duration: '1s' }, 'type', NO_OVERLOAD],
      ['_duration > duration("0s")', { _duration: '1d' }, 'param', 'time.ParseDuration: unknown unit "d"'],
      [
        '_duration > duration("0s")',
        { _duration: '2562048h' },
        'param',
        'time.ParseDuration: invalid duration (int64 ns)',
      ],
      ['_duration > duration("0s")', { _duration: 60 }, 'param', 'duration converter: a string only'],
    ],
  },
  timestamp: {
    params: { _timestamp: 'timestamp' },
    rows: [
      [
        '_timestamp != null && _timestamp != timestamp("2019-01-01T00:00:00Z") && _timestamp > timestamp("2019-01-01T00:00:00Z")',
        { _timestamp: '2023-10-11T10:00:00Z' },
        true,
        'sample-stores; Timestamp is nullable',
      ],
      [
        '_timestamp != null && _timestamp > timestamp("2019-01-01T00:00:00Z")',
        { _timestamp: '2019-01-01T00:00:00Z' },
        false,
      ],
      ['_timestamp == null', { _timestamp: '2023-10-11T10:00:00Z' }, false],
      ['_timestamp == timestamp("2023-10-11T10:00:00.000Z")', { _timestamp: '2023-10-11T12:00:00+02:00' }, true],
      ['_timestamp < timestamp("2023-10-11T10:00:00.000Z")', { _timestamp: '2023-10-11T09:59:59.999Z' }, true],
      [
        '_timestamp - timestamp("2023-10-11T00:00:00Z") == duration("10h")',
        { _timestamp: '2023-10-11T10:00:00Z' },
        true,
      ],
      ['_timestamp + duration("1h") > _timestamp', { _timestamp: '2023-10-11T10:00:00Z' }, true],
      [
        'int(_timestamp) == 1697018400',
        { _timestamp: '2023-10-11T10:00:00Z' },
        true,
        'timestamp_to_int64 (Unix seconds)',
      ],
      [
        '_timestamp.getFullYear() == 2023 && _timestamp.getHours() == 10 && _timestamp.getDayOfWeek() == 3',
        { _timestamp: '2023-10-11T10:00:00Z' },
        true,
        'UTC unless a zone is named',
      ],
      [
        '_timestamp + duration("87600h") > _timestamp',
        { _timestamp: '9999-06-01T00:00:00Z' },
        'eval',
        'addTimeDurationChecked: timestamp overflow (past 9999-12-31)',
      ],
      [
        '_timestamp - timestamp("0001-01-01T00:00:00Z") > duration("0s")',
        { _timestamp: '9999-01-01T00:00:00Z' },
        'eval',
        'subtractTimeChecked: the duration overflows int64 nanoseconds',
      ],
      [
        '_timestamp > timestamp("2023-10-11")',
        { _timestamp: '2023-10-11T10:00:00Z' },
        'eval',
        'timestamp(): RFC 3339 only',
      ],
      ['_timestamp > 0', { _timestamp: '2023-10-11T10:00:00Z' }, 'type', NO_OVERLOAD],
      ['_timestamp > duration("1s")', { _timestamp: '2023-10-11T10:00:00Z' }, 'type', NO_OVERLOAD],
      ['_timestamp != null', { _timestamp: '2023-10-11' }, 'param', 'time.Parse(time.RFC3339): no time'],
      ['_timestamp != null', { _timestamp: '2023-10-11 10:00:00Z' }, 'param', 'time.Parse(time.RFC3339): no T'],
      ['_timestamp != null', { _timestamp: '2023-02-30T00:00:00Z' }, 'param', 'time.Parse: day out of range'],
      ['_timestamp != null', { _timestamp: 1697018400 }, 'param', 'timestamp converter: a string only'],
    ],
  },
  ipaddress: {
    params: { _ipaddress: 'ipaddress' },
    rows: [
      [
        '_ipaddress != null && _ipaddress != ipaddress("192.0.0.1")',
        { _ipaddress: '10.0.0.1' },
        true,
        'sample-stores; IPAddress is an object type, nullable',
      ],
      ['_ipaddress != null && _ipaddress != ipaddress("192.0.0.1")', { _ipaddress: '192.0.0.1' }, false],
      ['_ipaddress == null', { _ipaddress: '10.0.0.1' }, false],
      ['_ipaddress.in_cidr("10.0.0.0/8")', { _ipaddress: '10.1.2.3' }, true],
      ['_ipaddress.in_cidr("10.0.0.0/8")', { _ipaddress: '11.0.0.1' }, false],
      [
        '_ipaddress.in_cidr("10.0.0.0/8")',
        { _ipaddress: '::1' },
        false,
        'netip: an IPv6 address is not in an IPv4 prefix',
      ],
      ['_ipaddress.in_cidr("2001:db8::/32")', { _ipaddress: '2001:db8::1' }, true],
      ['_ipaddress.in_cidr("10.0.0.1")', { _ipaddress: '10.0.0.1' }, 'eval', 'netip.ParsePrefix: no /bits'],
      ['_ipaddress.in_cidr("10.0.0.0/33")', { _ipaddress: '10.0.0.1' }, 'eval', 'netip.ParsePrefix: bits out of range'],
      ['ipaddress("nope") == _ipaddress', { _ipaddress: '10.0.0.1' }, 'eval', 'string_to_ipaddress: ParseAddr error'],
      ['_ipaddress == "10.0.0.1"', { _ipaddress: '10.0.0.1' }, 'type', NO_OVERLOAD],
      ['_ipaddress.in_cidr(8)', { _ipaddress: '10.0.0.1' }, 'type', NO_OVERLOAD],
      ['_ipaddress != null', { _ipaddress: '010.0.0.1' }, 'param', 'netip.ParseAddr: leading zero'],
      ['_ipaddress != null', { _ipaddress: '10.0.0' }, 'param', 'netip.ParseAddr'],
      ['_ipaddress != null', { _ipaddress: 42 }, 'param', 'ipaddress converter: a string only'],
    ],
  },
  list: {
    params: { _liststring: 'list<string>', _ints: 'list<int>', _uints: 'list<uint>' },
    rows: [
      [
        '"1" in _liststring && _liststring[0] != "" && _liststring[0] > "" && _liststring.exists(x, x > "") && _liststring.exists_one(x, x > "") && _liststring.all(x, x > "")',
        { _liststring: ['1'], _ints: [], _uints: [] },
        true,
        'sample-stores',
      ],
      ['size(_liststring) == 2', { _liststring: ['a', 'b'], _ints: [], _uints: [] }, true],
      ['_liststring + ["c"] == ["a", "c"]', { _liststring: ['a'], _ints: [], _uints: [] }, true],
      ['_liststring == null', { _liststring: [], _ints: [], _uints: [] }, 'type', NOT_NULLABLE],
      ['_liststring[2] == "c"', { _liststring: ['a'], _ints: [], _uints: [] }, 'eval', 'index out of range'],
      ['1 in _ints && _ints.all(x, x > 0)', { _liststring: [], _ints: [1, 2], _uints: [] }, true],
      ['1u in _ints', { _liststring: [], _ints: [1], _uints: [] }, 'type', NO_OVERLOAD],
      ['_ints[0] < 1.0', { _liststring: [], _ints: [0], _uints: [] }, 'type', CROSS],
      ['_uints[0] > 0u', { _liststring: [], _ints: [], _uints: [1] }, true],
      ['_uints[0] > 0', { _liststring: [], _ints: [], _uints: [1] }, 'type', CROSS],
      ['size(_ints) > 0', { _liststring: [], _ints: [1.5], _uints: [] }, 'param', 'element converter: not IsInt'],
      ['size(_uints) > 0', { _liststring: [], _ints: [], _uints: [-1] }, 'param', 'element converter: negative'],
      ['size(_liststring) > 0', { _liststring: 'a', _ints: [], _uints: [] }, 'param', 'list converter: a list only'],
    ],
  },
  map: {
    params: { _mapstring: 'map<string>', _mi: 'map<int>', _mu: 'map<uint>', _ma: 'map<any>' },
    rows: [
      [
        '"key" in _mapstring && _mapstring["key"] != "" && _mapstring["key"] > ""',
        { _mapstring: { key: 'v' }, _mi: {}, _mu: {}, _ma: {} },
        true,
        'sample-stores',
      ],
      ['"key" in _mapstring && _mapstring["key"] != ""', { _mapstring: {}, _mi: {}, _mu: {}, _ma: {} }, false],
      ['_mapstring.key == "v" && size(_mapstring) == 1', { _mapstring: { key: 'v' }, _mi: {}, _mu: {}, _ma: {} }, true],
      ['_mapstring.all(k, k.startsWith("k"))', { _mapstring: { key: 'v' }, _mi: {}, _mu: {}, _ma: {} }, true],
      ['_mapstring["missing"] == "x"', { _mapstring: { key: 'v' }, _mi: {}, _mu: {}, _ma: {} }, 'eval', 'no such key'],
      ['_mapstring == null', { _mapstring: {}, _mi: {}, _mu: {}, _ma: {} }, 'type', NOT_NULLABLE],
      ['_mi["a"] > 0', { _mapstring: {}, _mi: { a: 1 }, _mu: {}, _ma: {} }, true],
      ['_mi["a"] > 0.0', { _mapstring: {}, _mi: { a: 1 }, _mu: {}, _ma: {} }, 'type', CROSS],
      ['_mu["a"] > 0u', { _mapstring: {}, _mi: {}, _mu: { a: 1 }, _ma: {} }, true],
      ['_mu["a"] > 0', { _mapstring: {}, _mi: {}, _mu: { a: 1 }, _ma: {} }, 'type', CROSS],
      [
        '_ma["n"] == 1',
        { _mapstring: {}, _mi: {}, _mu: {}, _ma: { n: 1 } },
        true,
        'JSON numbers are doubles; 1.0 == 1 at runtime',
      ],
      ['_ma["n"]', { _mapstring: {}, _mi: {}, _mu: {}, _ma: { n: true } }, 'type', NOT_BOOL],
      ['size(_mi) > 0', { _mapstring: {}, _mi: { a: 'x' }, _mu: {}, _ma: {} }, 'param', 'value converter'],
      ['size(_mapstring) > 0', { _mapstring: ['a'], _mi: {}, _mu: {}, _ma: {} }, 'param', 'map converter: a map only'],
    ],
  },
  any: {
    params: { _any: 'any' },
    rows: [
      ['_any == 1', { _any: 1 }, true, 'Any is dyn to the checker; 1.0 == 1 at runtime'],
      ['_any == "a"', { _any: 1 }, false, 'heterogeneous equality: other types are unequal'],
      ['_any != null', { _any: null }, false],
      ['_any != null', { _any: 'x' }, true],
      ['_any > 0', { _any: 1.5 }, true],
      ['_any.name == "ann"', { _any: { name: 'ann' } }, true],
      ['_any[0] == "a"', { _any: ['a'] }, true],
      ['_any.missing == 1', { _any: {} }, 'eval', 'no such key'],
      ['_any + 1 == 2', { _any: 1 }, 'eval', 'no such overload at runtime: double + int'],
      ['_any', { _any: true }, 'type', NOT_BOOL],
    ],
  },
};

const counts: Record<string, { rows: number; true: number; false: number; type: number; param: number; eval: number }> =
  {};

describe('CEL conditions as cel-go (OpenFGA) decides them', () => {
  for (const [type, { params, rows }] of Object.entries(tables)) {
    it(`CEL ${type}: ${rows.length} expressions type-check and evaluate as in cel-go`, () => {
      const c = { rows: rows.length, true: 0, false: 0, type: 0, param: 0, eval: 0 };
      const wrong: string[] = [];
      for (const [expression, context, expected, why] of rows) {
        c[String(expected) as keyof typeof c]++;
        const got = outcome(expression, params, context);
        if (got !== expected)
          wrong.push(
            `${expression} with ${JSON.stringify(context)}: cel-go ${expected}${why ? ` (${why})` : ''}, got ${got}`,
          );
      }
      counts[type] = c;
      expect(wrong).toEqual([]);
    });
  }

  it("CEL model: OpenFGA's condition-data-types sample model (every type, null comparisons, uint literals) is accepted", () => {
    const dsl = `model
  schema 1.1

type user

type datatype_test
  relations
    define is_valid: [user with is_valid_string, user with is_valid_int, user with is_valid_uint, user with is_valid_double, user with is_valid_duration, user with is_valid_timestamp, user with is_valid_map_string, user with is_valid_list_string, user with is_valid_ipaddress]

condition is_valid_string(_string: string) {
  _string != "" && _string.startsWith("1") && _string.endsWith("1") && _string.contains("1") && _string.matches("[0-9]")
}
condition is_valid_int(_int: int) {
  _int != 0 && _int > 0
}
condition is_valid_uint(_uint: uint) {
  _uint != 0u && _uint > 0u
}
condition is_valid_double(_double: double) {
  _double != 0.0 && _double > 0.0
}
condition is_valid_duration(_duration: duration) {
  _duration != null && _duration != duration("0s") && _duration > duration("0s")
}
condition is_valid_timestamp(_timestamp: timestamp) {
  _timestamp != null && _timestamp != timestamp("2019-01-01T00:00:00Z") && _timestamp > timestamp("2019-01-01T00:00:00Z")
}
condition is_valid_map_string(_mapstring: map<string>) {
  "key" in _mapstring && _mapstring["key"] != "" && _mapstring["key"] > ""
}
condition is_valid_list_string(_liststring: list<string>) {
  "1" in _liststring && _liststring[0] != "" && _liststring[0] > "" && _liststring.exists(x, x > "") && _liststring.exists_one(x, x > "") && _liststring.all(x, x > "")
}
condition is_valid_ipaddress(_ipaddress: ipaddress) {
  _ipaddress != null && _ipaddress != ipaddress("192.0.0.1")
}
`;
    const parsed = parseModel(dsl);
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.message)).toEqual([]);
  });

  afterAll(() => {
    const total = Object.values(counts).reduce((n, c) => n + c.rows, 0);
    const lines = Object.entries(counts).map(
      ([t, c]) =>
        `  ${t.padEnd(10)} ${String(c.rows).padStart(3)} rows: ${c.true} true, ${c.false} false, ${c.type} type errors, ${c.param} parameter errors, ${c.eval} evaluation errors`,
    );
    console.log(`CEL as cel-go: ${total} rows over ${Object.keys(counts).length} OpenFGA types\n${lines.join('\n')}`);
  });
});
