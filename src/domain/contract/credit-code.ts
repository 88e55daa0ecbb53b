/**
 * China's unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the
 * registering authority and kind (2), the region code (6 digits), then 10 of digits and capitals
 * without I, O, S, V, Z. It is a business's taxpayer id on a fapiao and its business-licence number.
 * The check character is not verified: a mistyped code is caught by shape only.
 */
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The code as written on a licence, trimmed and in capitals. */
export function normalCreditCode(code: string): string {
  return code.trim().toUpperCase();
}

export function isCreditCode(code: string): boolean {
  return CREDIT_CODE.test(code);
}
