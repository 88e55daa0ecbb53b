import { authenticate } from 'mailauth';
import type { Envelope, MailInSettings } from './mail-settings.ts';

/** What DKIM, SPF, DMARC and ARC said of a mail, as kept on the evidence record. */
export interface MailAuthentication {
  dkim: { domain: string; selector: string | null; result: string; aligned: boolean }[];
  spf: { domain: string | null; result: string };
  dmarc: { domain: string | null; result: string; policy: string | null };
  arc: { result: string };
  /** The From domain when DMARC passes, or a DKIM signature of that domain passes: who vouches for it. */
  authenticatedDomain: string | null;
  /** The Authentication-Results header mailauth wrote (RFC 8601). */
  header: string;
}

/**
 * Checks a mail's DKIM signatures, its sender's SPF, the From domain's DMARC policy and its ARC
 * chain, through the configured resolver (tests give one that answers from memory, so nothing
 * waits on the network). A lookup that fails is a `temperror`, never a hang or a lost mail.
 */
export async function authenticateMail(
  settings: Pick<MailInSettings, 'resolver' | 'hostname'>,
  raw: Buffer,
  envelope: Envelope,
  via: 'smtp' | 'imap',
): Promise<MailAuthentication> {
  try {
    const result = await authenticate(raw, {
      resolver: settings.resolver as never,
      mta: settings.hostname,
      disableBimi: true,
      ...(via === 'smtp'
        ? {
            ip: envelope.remoteAddress ?? '127.0.0.1',
            helo: envelope.helo ?? undefined,
            sender: envelope.mailFrom ?? undefined,
          }
        : { trustReceived: true }),
    } as never);
    const fromDomain = (result.dkim.headerFrom?.[0] ?? '').split('@').pop()?.toLowerCase() ?? '';
    const dkim = (result.dkim.results ?? []).map((r) => ({
      domain: r.signingDomain ?? '',
      selector: r.selector ?? null,
      result: r.status?.result ?? 'none',
      aligned: Boolean(r.status?.aligned),
    }));
    const dmarc = result.dmarc
      ? {
          domain: result.dmarc.domain ?? null,
          result: result.dmarc.status?.result ?? 'none',
          policy: result.dmarc.policy ?? null,
        }
      : { domain: null, result: 'none', policy: null };
    const vouched =
      dmarc.result === 'pass' ||
      dkim.some(
        (d) => d.result === 'pass' && (d.domain === fromDomain || fromDomain.endsWith(`.${d.domain}`)),
      );
    return {
      dkim,
      spf: {
        domain: result.spf ? (result.spf.domain ?? null) : null,
        result: result.spf ? (result.spf.status?.result ?? 'none') : 'none',
      },
      dmarc,
      arc: { result: (result.arc ? result.arc.status?.result : undefined) ?? 'none' },
      authenticatedDomain: vouched && fromDomain ? fromDomain : null,
      header: result.headers ?? '',
    };
  } catch (error) {
    return {
      dkim: [],
      spf: { domain: null, result: 'temperror' },
      dmarc: { domain: null, result: 'temperror', policy: null },
      arc: { result: 'temperror' },
      authenticatedDomain: null,
      header: `temperror: ${(error as Error).message}`,
    };
  }
}
