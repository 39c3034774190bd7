import fc from 'fast-check';

/**
 * Payloads an attacker or a broken window could send: anything JSON can carry, plus the
 * shapes that break hand-written code — prototype keys, huge and odd numbers, deep
 * nesting, long strings, control characters — and objects that look almost right (the
 * field names the contract uses, with values of the wrong kind, or right kinds out of range).
 */
const FIELD_NAMES = [
  'serverId', 'cameraId', 'cameraIds', 'width', 'height', 'from', 'to', 'streamId', 'reason', 'id', 'ids', 'comment', 'filter', 'limit', 'before',
  'state', 'text', 'severity', 'type', 'name', 'url', 'redundantUrl', 'pathPrefix', 'timeZone', 'username', 'password', 'monitor', 'view', 'layout',
  'tiles', 'maximized', 'carousels', 'hotkey', 'monitors', 'patch', 'operatorName', 'rules', 'fileName', 'contentType', 'base64', 'bytes', 'kind',
  '__proto__', 'constructor', 'prototype', 'toString', 'then',
];

const oddNumber = fc.constantFrom(0, -0, -1, 1, 0.5, 1e21, -1e21, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, Number.MIN_SAFE_INTEGER, 2 ** 31, 2 ** 53, 1e308);
const oddString = fc.oneof(
  fc.constantFrom('', ' ', 'sim', '1', '9', 'demo', 'hq', '../../etc/passwd', '..\\..\\windows', '%00', '\u0000', '\u202e', '<script>alert(1)</script>', "'; DROP TABLE events; --", 'http://127.0.0.1:9', 'file:///etc/passwd', 'javascript:alert(1)', '__proto__', 'constructor', 'x'.repeat(70_000)),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const leaf = fc.oneof(fc.constant(null), fc.boolean(), oddNumber, fc.double(), fc.integer(), oddString);

/** A value of any JSON shape, biased towards the contract's own field names. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 6 }),
  ),
})).value;

/** Objects nested far deeper than any contract shape: a recursive validator must not blow the stack. */
export const deeplyNested: fc.Arbitrary<unknown> = fc.integer({ min: 200, max: 1500 }).map((depth) => {
  let value: unknown = { cameraId: '1' };
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? { view: value } : [value];
  // Printed short when it is a counterexample (fast-check's printer would recurse as deep).
  Object.defineProperty(value, fc.toStringMethod, { value: () => `nested ${depth} levels deep` });
  return value;
});

/** A JSON text whose `__proto__` is an own key (what JSON.parse makes of a hostile message). */
export const prototypeKeyed: fc.Arbitrary<unknown> = hostileValue.map((inner) => JSON.parse(`{"__proto__":{"polluted":true,"isAdmin":true},"constructor":{"prototype":{"polluted":true}},"inner":${JSON.stringify(inner ?? null)}}`) as unknown);

export const hostilePayload: fc.Arbitrary<unknown> = fc.oneof({ weight: 8, arbitrary: hostileValue }, { weight: 1, arbitrary: deeplyNested }, { weight: 1, arbitrary: prototypeKeyed }, { weight: 1, arbitrary: fc.constant(undefined) });

/** Nothing set on Object.prototype by a payload: checked after every fuzz run. */
export function prototypeIsClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe['polluted'] === undefined && probe['isAdmin'] === undefined;
}

/**
 * One fixed seed per run, printed when a property fails (fast-check prints it with the
 * counterexample), overridable with FUZZ_SEED to replay a failure.
 */
export const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? 20261129);
