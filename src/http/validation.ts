import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

const shared: Options = { removeAdditional: false, useDefaults: true, strict: false };

/** Standard base64 with its padding; one character class, so a 14 MB file does not overflow the regex stack. */
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;
function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64_CHARS.test(text);
}

/**
 * Bodies are JSON and keep their types: `7` for a string field is an error, not "7".
 * Query strings and path parameters are text by nature, so they are coerced to the declared type.
 * Each comes stopping at the first problem and listing every problem (`allErrors`).
 */
function ajvs(coerceTypes: Options['coerceTypes']): [first: Ajv, every: Ajv] {
  const made = [false, true].map((allErrors) => {
    const ajv = addFormats.default(new Ajv({ ...shared, coerceTypes, allErrors }));
    ajv.addFormat('base64', { type: 'string', validate: isBase64 });
    return ajv;
  });
  return [made[0]!, made[1]!];
}
const strict = ajvs(false);
const coercing = ajvs('array');

/** Whether a value has at most `limit` nodes: small enough to be worth naming every problem in. */
function isSmall(value: unknown, limit = 500): boolean {
  let budget = limit;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (--budget < 0) return false;
    if (Array.isArray(next)) stack.push(...next.slice(0, budget + 1));
    else if (next !== null && typeof next === 'object')
      stack.push(...Object.values(next).slice(0, budget + 1));
  }
  return true;
}

/**
 * A valid request is checked once, stopping at the first problem. An invalid one is checked
 * again for every problem only when it is small (a form with mistakes: the reader sees each
 * bad field); a large body full of mistakes costs one error, not one per item.
 */
export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const [first, every] = httpPart === 'body' ? strict : coercing;
  const quick = first.compile(schema);
  const full = every.compile(schema);
  const validate = (data: unknown): boolean => {
    if (quick(data)) return true;
    validate.errors = quick.errors;
    if (isSmall(data) && !full(data)) validate.errors = full.errors;
    return false;
  };
  validate.errors = null as ErrorObject[] | null | undefined;
  return validate as unknown as ReturnType<FastifySchemaCompiler<object>>;
};
