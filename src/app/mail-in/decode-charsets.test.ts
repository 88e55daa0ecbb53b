import iconv from 'iconv-lite';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { declareMissingCharsets, guessCharset } from './decode-charsets.ts';

const text = '您好，我的净化器滤网坏了，请尽快维修。谢谢！';
const traditional = '您好，我的淨化器濾網壞了，請盡快維修。謝謝！';

describe('mail without a declared charset (Zammad #3155)', () => {
  it('tells GB18030 from Big5 by the words they make', () => {
    expect(guessCharset(iconv.encode(text, 'gb18030'))).toBe('gb18030');
    expect(guessCharset(iconv.encode(traditional, 'big5'))).toBe('big5');
  });

  it('declares the guessed charset so the parser decodes body and raw 8-bit headers', async () => {
    for (const [charset, words] of [
      ['gb18030', text],
      ['big5', traditional],
      ['gbk', text],
    ] as const) {
      const raw = Buffer.concat([
        Buffer.from('From: a@example.com\r\nSubject: '),
        iconv.encode(words.slice(0, 8), charset),
        Buffer.from('\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n'),
        iconv.encode(words, charset),
      ]);
      const { parsed, guessed } = declareMissingCharsets(raw);
      expect(guessed).toBe(charset === 'big5' ? 'big5' : 'gb18030');
      const mail = await simpleParser(parsed);
      expect(mail.subject).toBe(words.slice(0, 8));
      expect(mail.text?.trim()).toBe(words);
    }
  });

  it('leaves UTF-8 and declared mail alone', () => {
    const utf8 = Buffer.from(`Subject: ${text}\r\n\r\n${text}`);
    expect(declareMissingCharsets(utf8)).toEqual({ parsed: utf8, guessed: undefined });
  });
});
