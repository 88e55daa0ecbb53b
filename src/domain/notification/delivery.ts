/**
 * The Message-ID every outgoing mail of one notification carries (the contract with inbound mail:
 * a reply's In-Reply-To / References names it, and the case is read back from it).
 */
export function notificationMessageId(
  caseId: string | null,
  outboxMessageId: string,
  domain: string,
): string {
  return `<sb.${caseId ?? 'none'}.${outboxMessageId}@${domain}>`;
}

/** Reads a Message-ID of ours back: the case (null for `none`) and the outbox message. */
export function parseNotificationMessageId(
  value: string,
): { caseId: string | null; outboxMessageId: string; domain: string } | undefined {
  const m = /^<?sb\.([0-9a-f-]{36}|none)\.([0-9a-f-]{36})@([^>\s]+)>?$/i.exec(value.trim());
  if (!m) return undefined;
  return {
    caseId: m[1] === 'none' ? null : (m[1] as string),
    outboxMessageId: m[2] as string,
    domain: m[3] as string,
  };
}

/** How a failed attempt is retried: exponential backoff from `baseSeconds`, capped, then given up. */
export interface RetryPolicy {
  maxAttempts: number;
  baseSeconds: number;
  capSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseSeconds: 30, capSeconds: 3600 };

/**
 * After attempt number `attempts` (1 = the first) failed: when to try again, or `undefined` to
 * give up. 30 s, 60 s, 120 s, 240 s, … capped at an hour.
 */
export function nextAttemptAfter(attempts: number, failedAt: Date, policy: RetryPolicy): Date | undefined {
  if (attempts >= policy.maxAttempts) return undefined;
  const seconds = Math.min(policy.capSeconds, policy.baseSeconds * 2 ** Math.max(0, attempts - 1));
  return new Date(failedAt.getTime() + seconds * 1000);
}
