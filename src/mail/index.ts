import { promises as dns } from 'node:dns';
import os from 'node:os';
import type { Logger } from 'pino';
import type { AppDeps } from '../app/context.ts';
import type { DnsResolver, MailInSettings } from '../app/mail-in/index.ts';
import type { MailInConfig } from '../config.ts';
import { startImapFetcher } from './imap-fetcher.ts';
import { startSmtpListener } from './smtp-listener.ts';

export { type ImapFetcher, type ImapSettings, startImapFetcher } from './imap-fetcher.ts';
export { type SmtpListener, startSmtpListener } from './smtp-listener.ts';

/** DNS with a short timeout and one try: a slow DNS server makes a temperror, not a stuck mail. */
export function systemResolver(): DnsResolver {
  const resolver = new dns.Resolver({ timeout: 3000, tries: 1 });
  return (name, rrtype) => resolver.resolve(name, rrtype as 'TXT');
}

export function mailInSettings(
  config: MailInConfig,
  resolver: DnsResolver = systemResolver(),
): MailInSettings {
  return {
    addresses: config.addresses,
    mailDomain: config.mailDomain,
    maxBytes: config.maxBytes,
    floodLimit: config.floodLimit,
    floodWindowSeconds: config.floodWindowSeconds,
    hostname: os.hostname(),
    resolver,
  };
}

/** Starts what is configured of e-mail in (the SMTP listener, the IMAP fetcher); returns how to stop it. */
export async function startMailIn(
  deps: AppDeps,
  config: MailInConfig,
  log: Logger,
): Promise<{ close(): Promise<void> }> {
  const settings = mailInSettings(config);
  const closers: (() => Promise<void>)[] = [];
  if (config.smtpPort !== undefined) {
    const smtp = await startSmtpListener(deps, settings, {
      port: config.smtpPort,
      host: config.smtpHost,
      log,
    });
    closers.push(smtp.close);
  }
  if (config.imap) {
    try {
      const imap = await startImapFetcher(deps, settings, config.imap, log);
      closers.push(imap.close);
    } catch (error) {
      log.error({ err: error, host: config.imap.host }, 'imap fetcher could not start');
    }
  }
  return { close: async () => void (await Promise.all(closers.map((c) => c()))) };
}
