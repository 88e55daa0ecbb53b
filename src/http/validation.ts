import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Validation stops at the first problem (`allErrors` off): a large body full of mistakes costs
 * one error, not one per item, and the reply stays small.
 */
const shared: Options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false };

/**
 * Bodies are JSON and keep their types: `7` for a string field is an error, not "7".
 * Query strings and path parameters are text by nature, so they are coerced to the declared type.
 */
const strict = addFormats.default(new Ajv({ ...shared, coerceTypes: false }));
const coercing = addFormats.default(new Ajv({ ...shared, coerceTypes: 'array' }));

/** Standard base64 with its padding; one character class, so a 14 MB file does not overflow the regex stack. */
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;
function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64_CHARS.test(text);
}
for (const ajv of [strict, coercing]) ajv.addFormat('base64', { type: 'string', validate: isBase64 });

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : coercing;
  return ajv.compile(schema) as ReturnType<FastifySchemaCompiler<object>>;
};
