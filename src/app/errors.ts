/**
 * Errors a client can act on. Each has a stable `code` (part of the API contract) and a message
 * in English and Chinese. "Not covered" and similar answers are data, never one of these.
 */
export const ERROR_MESSAGES = {
  unauthenticated: { en: 'Sign in first.', zh: '请先登录。' },
  bad_credentials: { en: 'The e-mail or password is wrong.', zh: '电子邮件或密码错误。' },
  rate_limited: { en: 'Too many attempts. Wait and try again.', zh: '尝试次数过多，请稍后再试。' },
  csrf_failed: {
    en: 'The request lacks a valid CSRF token (send the x-csrf-token header).',
    zh: '请求缺少有效的 CSRF 令牌（请发送 x-csrf-token 请求头）。',
  },
  forbidden: { en: 'Your role may not do this.', zh: '您的角色无权执行此操作。' },
  not_found: { en: 'Not found.', zh: '未找到。' },
  conflict: { en: 'This conflicts with existing data.', zh: '与现有数据冲突。' },
  in_use: { en: 'Still referenced by other records.', zh: '仍被其他记录引用。' },
  invalid_input: { en: 'Some fields are invalid.', zh: '部分字段无效。' },
  payload_too_large: { en: 'The request body is too large.', zh: '请求内容过大。' },
  invalid_text: {
    en: 'The text is not valid UTF-8, or holds a NUL character or a lone surrogate.',
    zh: '文本不是有效的 UTF-8，或含有 NUL 字符或孤立的代理项。',
  },
  invalid_cursor: {
    en: 'The cursor is not one this server issued; start again from the first page.',
    zh: '游标不是本服务签发的，请从第一页重新开始。',
  },
  yaml_too_complex: {
    en: 'The YAML file is too large or uses too many aliases.',
    zh: 'YAML 文件过大或使用了过多的别名。',
  },
  archive_refused: {
    en: 'The archive is refused: it is larger, holds more files or compresses further than a dossier can.',
    zh: '拒绝该压缩包：其大小、文件数或压缩比超出证据包的范围。',
  },
  check_timed_out: {
    en: 'Checking the terms took too long; check fewer or smaller files.',
    zh: '条款检查耗时过长，请减少文件数量或缩小文件。',
  },
  internal: { en: 'Something went wrong on our side.', zh: '服务器内部错误。' },
  unavailable: { en: 'The service is not ready.', zh: '服务尚未就绪。' },
  insufficient_stock: {
    en: 'Not enough stock available at this location.',
    zh: '该库位可用库存不足。',
  },
  calendar_not_covered: {
    en: 'A deadline falls in a year whose official holidays are not loaded yet.',
    zh: '截止时间所在年份的法定节假日尚未载入。',
  },
} as const satisfies Record<string, { en: string; zh: string }>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface FieldProblem {
  /** JSON pointer into the request, e.g. `/body/parts/0/serial`. */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldProblem[];
  /** A sentence about this occurrence, in both languages, beside the code's general message. */
  readonly detail: { en: string; zh: string } | undefined;

  constructor(
    code: ErrorCode,
    options: { detail?: { en: string; zh: string }; fields?: FieldProblem[] } = {},
  ) {
    super(options.detail?.en ?? ERROR_MESSAGES[code].en);
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields ?? [];
    this.detail = options.detail;
  }
}

export function notFound(what: { en: string; zh: string }): AppError {
  return new AppError('not_found', { detail: what });
}

export function invalid(fields: FieldProblem[]): AppError {
  return new AppError('invalid_input', { fields });
}

/** Reads a PostgreSQL unique-violation (23505) or foreign-key violation (23503) off a driver error. */
export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
