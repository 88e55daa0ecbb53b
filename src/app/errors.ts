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
  changed_meanwhile: {
    en: 'Someone changed this record meanwhile: reload it and try again.',
    zh: '该记录已被他人修改：请刷新后重试。',
  },
  nothing_to_accept: {
    en: 'The mark-up proposes no change to accept.',
    zh: '修订稿没有可接受的修改。',
  },
  not_a_person: {
    en: 'Only a customer’s personal data is erased this way; a business’s record is not a person’s.',
    zh: '仅可用此方式删除客户的个人信息；企业的记录不属于个人。',
  },
  invalid_transition: {
    en: 'Not possible in the state the record is in now: reload it to see its state.',
    zh: '记录当前的状态不允许此操作：请刷新查看其状态。',
  },
  key_taken: { en: 'This key is taken: choose another.', zh: '该键已被使用，请换一个。' },
  email_taken: {
    en: 'An account with this e-mail exists.',
    zh: '该电子邮件已有账号。',
  },
  model_taken: { en: 'A product with this model exists.', zh: '该型号的产品已存在。' },
  serial_taken: { en: 'A unit with this serial number is registered.', zh: '该序列号的设备已登记。' },
  unit_already_registered: { en: 'This unit is already registered.', zh: '该设备已登记。' },
  official_year_loaded: {
    en: 'The official holidays of this year are loaded already with other text; a loaded year is never changed.',
    zh: '该年度的法定节假日安排已以不同内容载入；已载入的年份不可修改。',
  },
  version_exists: {
    en: 'This version exists with other text; versions are never edited: add a new version.',
    zh: '该版本已存在且内容不同；版本不可修改，请新增版本。',
  },
  claim_exists: {
    en: 'A claim exists for this repair: answer it and resubmit.',
    zh: '该维修已有索赔：请答复后重新提交。',
  },
  repair_not_completed: {
    en: 'The repair is not completed yet.',
    zh: '维修尚未完成。',
  },
  no_agreement: {
    en: 'No agreement applies to this case.',
    zh: '该服务单没有适用的协议。',
  },
  in_use: { en: 'Still referenced by other records.', zh: '仍被其他记录引用。' },
  quote_not_accepted: {
    en: 'The terms put this repair at the customer’s cost: the work waits until the customer accepts the quote.',
    zh: '根据条款该维修由客户付费：客户接受报价后方可施工。',
  },
  replacement_not_granted: {
    en: 'No 三包 replacement was granted for this unit: a 三包 replacement needs a return whose terms check gave a replacement.',
    zh: '该设备未获准三包换货：三包换货须有条款核查给予换货的退货申请。',
  },
  already_replaced: {
    en: 'This unit was already exchanged for another one.',
    zh: '该设备已换过新机。',
  },
  loaner_out: {
    en: 'This loaner is lent out: it must come back before it is lent again.',
    zh: '该备用机已借出：归还后才能再借。',
  },
  plan_not_sellable: {
    en: 'This plan can no longer be bought for this unit: it is sold only while the warranty runs.',
    zh: '该设备已不能购买此计划：仅在保修期内销售。',
  },
  invalid_input: { en: 'Some fields are invalid.', zh: '部分字段无效。' },
  site_unknown: {
    en: 'The unit stands at no recorded site: record the site and place the unit there first.',
    zh: '该设备没有登记的服务地点：请先登记地点并将设备归入该地点。',
  },
  slot_not_offered: {
    en: 'This time is not among the slots offered now (working hours, bookings, travel, the on-site deadline): ask for the slots again.',
    zh: '该时间不在当前可选时段内（工作时间、已有预约、路程、上门时限）：请重新获取可选时段。',
  },
  weak_password: {
    en: 'Choose another password: 10 to 200 characters, not only spaces, and not a commonly used one.',
    zh: '请换一个密码：长度 10 到 200 个字符，不能只有空格，也不能是常见密码。',
  },
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
  pdf_unavailable: {
    en: 'No PDF can be made here now; the Word and HTML forms are available.',
    zh: '目前无法生成 PDF；可使用 Word 或 HTML 格式。',
  },
  insufficient_stock: {
    en: 'Not enough stock available at this location.',
    zh: '该库位可用库存不足。',
  },
  return_already_open: {
    en: 'This unit already has a return in progress: follow that one.',
    zh: '该设备已有进行中的退货，请跟进该退货。',
  },
  return_conditions_unticked: {
    en: 'Some conditions of a return without reason are not confirmed.',
    zh: '无理由退货的部分条件尚未确认。',
  },
  case_already_merged: {
    en: 'This case was merged into another, or another case was merged into it.',
    zh: '该服务单已合并到其他服务单，或已有服务单合并到该单。',
  },
  calendar_not_covered: {
    en: 'A deadline falls in a year whose official holidays are not loaded yet.',
    zh: '截止时间所在年份的法定节假日尚未载入。',
  },
  survey_answered: {
    en: 'This survey has been answered already: thank you.',
    zh: '该调查已回答过，谢谢。',
  },
  walk_ended: {
    en: 'This troubleshooting walk has ended: start a new one.',
    zh: '本次故障排查已结束，请重新开始。',
  },
  part_not_published: {
    en: 'A part ordered is not on the published price list.',
    zh: '所订备件不在已公布的价目表中。',
  },
  shop_not_approved: {
    en: 'The repair shop is not approved by the brand (yet).',
    zh: '该维修店尚未获得品牌方批准。',
  },
  feedback_given: {
    en: 'Feedback on this walk has been given already.',
    zh: '本次排查已反馈过。',
  },
} as const satisfies Record<string, { en: string; zh: string }>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface FieldProblem {
  /** JSON pointer into the request, e.g. `/body/parts/0/serial`. */
  path: string;
  message: string;
  /** The message in Chinese, when it was written in both languages. */
  messageZh?: string;
  /** For a value outside a closed vocabulary: the values allowed there. */
  allowed?: string[];
}

/**
 * A value outside its closed vocabulary: refused at the door, naming the field and the values it
 * may take, in both languages; nothing is decided or stored from it.
 */
export function notInVocabulary(
  path: string,
  value: string,
  what: { en: string; zh: string },
  allowed: readonly string[],
): AppError {
  const list = allowed.join(', ');
  return new AppError('invalid_input', {
    detail: {
      en: `"${value}" is not ${what.en}. Allowed: ${list}.`,
      zh: `“${value}”不是${what.zh}。可选值：${list}。`,
    },
    fields: [
      {
        path,
        message: `"${value}" is not ${what.en}; allowed: ${list}`,
        messageZh: `“${value}”不是${what.zh}；可选值：${list}`,
        allowed: [...allowed],
      },
    ],
  });
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
