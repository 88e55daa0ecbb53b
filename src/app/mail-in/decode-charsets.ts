import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Chinese mail often comes in GBK, GB18030 or Big5, and sometimes without saying so (Zammad
 * #3155). When a mail's bytes are not UTF-8 and some of its text parts (or its headers) declare
 * no charset, this guesses the charset from the bytes and declares it, so the parser decodes the
 * text instead of showing replacement characters. The stored original is never changed: this is
 * the copy that is parsed.
 */
export function declareMissingCharsets(raw: Buffer): { parsed: Buffer; guessed: string | undefined } {
  if (isUtf8(raw) || !raw.some((b) => b >= 0x80)) return { parsed: raw, guessed: undefined };
  const guessed = guessCharset(raw);
  const text = raw.toString('latin1');
  const split = /\r?\n\r?\n/.exec(text);
  const headEnd = split ? split.index : text.length;
  let head = text.slice(0, headEnd);
  let body = text.slice(headEnd);
  // Raw 8-bit header bytes: the parser reads them as UTF-8, so give it UTF-8.
  const headBytes = Buffer.from(head, 'latin1');
  if (!isUtf8(headBytes)) head = Buffer.from(iconv.decode(headBytes, guessed), 'utf8').toString('latin1');
  const withCharset = (block: string) =>
    block.replace(/^Content-Type:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gim, (header) =>
      /^Content-Type:\s*text\//i.test(header) && !/charset\s*=/i.test(header)
        ? `${header}; charset=${guessed}`
        : header,
    );
  if (!/^Content-Type:/im.test(head)) head += `\r\nContent-Type: text/plain; charset=${guessed}`;
  else head = withCharset(head);
  body = withCharset(body);
  return { parsed: Buffer.from(head + body, 'latin1'), guessed };
}

const COMMON =
  '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日请您修坏机器问题谢' +
  '這個們來為國說時會對過發後裡種經麼學現當沒動還進樣開從實請問題謝機修壞';
const COMMON_SET = new Set(COMMON);

/** GB18030 (which covers GBK and GB2312) or Big5: whichever reads more like Chinese. */
export function guessCharset(bytes: Buffer): 'gb18030' | 'big5' {
  const score = (charset: string) => {
    const text = iconv.decode(bytes, charset);
    let s = 0;
    for (const ch of text) {
      if (ch === '\uFFFD') s -= 5;
      else if (COMMON_SET.has(ch)) s += 2;
    }
    return s;
  };
  return score('big5') > score('gb18030') ? 'big5' : 'gb18030';
}
