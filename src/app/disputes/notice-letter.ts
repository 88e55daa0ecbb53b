import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { Actor } from '../../domain/access/index.ts';
import { type NoticeContent, noticeHtml, noticeSections } from '../../domain/disputes/index.ts';
import type { AppDeps } from '../context.ts';
import { officeToPdf } from '../files/index.ts';
import { loadNotice } from './notice-support.ts';

/** The letter as HTML (both languages), Word, or PDF (the Word letter converted by LibreOffice). */
export async function noticeLetter(
  deps: AppDeps,
  actor: Actor,
  noticeId: string,
  format: 'html' | 'docx' | 'pdf',
) {
  const n = await loadNotice(deps, actor, noticeId);
  const content = n.content as NoticeContent;
  if (format === 'html')
    return {
      body: Buffer.from(noticeHtml(content)),
      mediaType: 'text/html; charset=utf-8',
      name: `${n.number}.html`,
    };
  const children: Paragraph[] = [];
  for (const lang of ['en', 'zh'] as const) {
    const s = noticeSections(content, lang);
    children.push(
      new Paragraph({ text: s.title, heading: HeadingLevel.HEADING_1, pageBreakBefore: lang === 'zh' }),
    );
    for (const [k, v] of s.header)
      children.push(
        new Paragraph({ children: [new TextRun({ text: `${k}: `, bold: true }), new TextRun(v)] }),
      );
    for (const x of s.sections) {
      children.push(new Paragraph({ text: x.heading, heading: HeadingLevel.HEADING_2 }));
      x.items.forEach((item, i) => {
        children.push(new Paragraph({ text: `${i + 1}. ${item}`, alignment: AlignmentType.LEFT }));
      });
    }
  }
  const doc = new Document({ sections: [{ children }] });
  const word = await Packer.toBuffer(doc);
  if (format === 'pdf')
    return { body: await officeToPdf(word), mediaType: 'application/pdf', name: `${n.number}.pdf` };
  return {
    body: word,
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    name: `${n.number}.docx`,
  };
}
