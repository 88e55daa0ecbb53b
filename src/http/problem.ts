import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_MESSAGES, type ErrorCode, type FieldProblem } from '../app/errors.ts';

const STATUS: Record<ErrorCode, number> = {
  unauthenticated: 401,
  bad_credentials: 401,
  rate_limited: 429,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  official_year_loaded: 409,
  changed_meanwhile: 409,
  invalid_transition: 409,
  site_unknown: 409,
  slot_not_offered: 409,
  nothing_to_accept: 409,
  not_a_person: 409,
  key_taken: 409,
  email_taken: 409,
  model_taken: 409,
  serial_taken: 409,
  unit_already_registered: 409,
  version_exists: 409,
  claim_exists: 409,
  repair_not_completed: 409,
  no_agreement: 409,
  in_use: 409,
  quote_not_accepted: 409,
  replacement_not_granted: 409,
  already_replaced: 409,
  loaner_out: 409,
  plan_not_sellable: 409,
  invalid_input: 400,
  weak_password: 400,
  payload_too_large: 413,
  invalid_text: 400,
  invalid_cursor: 400,
  yaml_too_complex: 400,
  check_timed_out: 503,
  archive_refused: 400,
  internal: 500,
  unavailable: 503,
  pdf_unavailable: 503,
  calendar_not_covered: 503,
  insufficient_stock: 409,
  part_not_published: 400,
  shop_not_approved: 403,
  return_already_open: 409,
  return_conditions_unticked: 400,
  case_already_merged: 409,
  survey_answered: 409,
  walk_ended: 409,
  feedback_given: 409,
};

export type Language = 'en' | 'zh';

/** The reader's language from Accept-Language: Chinese if they ask for it first, else English. */
export function languageOf(request: FastifyRequest): Language {
  const header = request.headers['accept-language'];
  return typeof header === 'string' && /^\s*zh/i.test(header) ? 'zh' : 'en';
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance: string;
  requestId: string;
  errors?: FieldProblem[];
  /** How many more problems there were beyond those listed in `errors`. */
  moreErrors?: number;
}

/** At most this many field problems are listed in a reply; `moreErrors` counts the rest. */
export const MAX_LISTED_PROBLEMS = 100;
/** Paths, messages and details are cut to this many characters, so a reply never echoes a large input. */
const MAX_TEXT = 500;

function cut(text: string, max = MAX_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const lang = languageOf(request);
  const status = STATUS[error.code];
  const body: Problem = {
    type: `urn:servicebook:problem:${error.code}`,
    title: ERROR_MESSAGES[error.code][lang],
    status,
    code: error.code,
    instance: cut(request.url),
    requestId: String(request.id),
  };
  if (error.detail) body.detail = cut(error.detail[lang], 2000);
  if (error.fields.length > 0) {
    body.errors = error.fields.slice(0, MAX_LISTED_PROBLEMS).map(({ messageZh, allowed, ...field }) => ({
      path: cut(field.path),
      message: cut(lang === 'zh' && messageZh ? messageZh : field.message),
      ...(allowed ? { allowed: allowed.slice(0, MAX_LISTED_PROBLEMS).map((v) => cut(v)) } : {}),
    }));
    if (error.fields.length > MAX_LISTED_PROBLEMS)
      body.moreErrors = error.fields.length - MAX_LISTED_PROBLEMS;
  }
  return reply.status(status).type('application/problem+json; charset=utf-8').send(body);
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * Turns Fastify's schema-validation errors into one field problem per bad field, with its path.
 * A field typed "X or null" fails both branches; the reader wants the first reason, once.
 */
function fieldsOf(error: FastifyError): FieldProblem[] {
  const context = (error as FastifyError & { validationContext?: string }).validationContext ?? 'body';
  const byPath = new Map<string, string>();
  for (const e of (error.validation ?? []) as AjvError[]) {
    let path = `/${context}${e.instancePath}`;
    let message = e.message ?? e.keyword;
    if (e.keyword === 'required' && typeof e.params.missingProperty === 'string')
      path += `/${e.params.missingProperty}`;
    if (e.keyword === 'additionalProperties' && typeof e.params.additionalProperty === 'string') {
      path += `/${e.params.additionalProperty}`;
      message = 'is not a known field';
    }
    // A closed vocabulary names its values, so the caller can correct the request without the docs.
    if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues))
      message = `must be one of: ${e.params.allowedValues.join(', ')}`;
    if (!byPath.has(path)) byPath.set(path, message);
    if (byPath.size >= MAX_LISTED_PROBLEMS) break;
  }
  return [...byPath].map(([path, message]) => ({ path, message }));
}

/** Maps anything thrown in a route to a problem+json reply; internal details stay in the log. */
export function toAppError(error: FastifyError | AppError | Error): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) return new AppError('invalid_input', { fields: fieldsOf(fastifyError) });
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('payload_too_large');
  // The database refuses NUL and bytes its encoding cannot hold; the door should have already
  // (see json-body.ts), but if text slips through it is still the client's bad text, not ours.
  if (fastifyError.code === '22P05' || fastifyError.code === '22021') return new AppError('invalid_text');
  const status = fastifyError.statusCode ?? 500;
  if (status === 400 || status === 415) {
    return new AppError('invalid_input', { fields: [{ path: '/body', message: fastifyError.message }] });
  }
  if (status === 404) return new AppError('not_found');
  if (status === 429) return new AppError('rate_limited');
  return new AppError('internal');
}
