/**
 * The mark-up as a Word document with real tracked changes (w:ins / w:del revisions by the
 * reviewer), clause by clause, English then Chinese, each with its reason. Accepting every change
 * in Word gives the wording of the next version of the agreements.
 */
import { DeletedTextRun, Document, HeadingLevel, InsertedTextRun, Packer, Paragraph, TextRun } from 'docx';
import type { Language } from '../../domain/label.ts';
import { diffTokens, type Review } from '../../domain/terms/index.ts';

const AUTHOR = 'Servicebook terms review';

export async function markupDocx(review: Review, lang: Language, date: string): Promise<Buffer> {
  let id = 1;
  const runs = (before: string, after: string) =>
    diffTokens(before, after).map((r) =>
      r.op === 'same'
        ? new TextRun(r.text)
        : r.op === 'ins'
          ? new InsertedTextRun({ text: r.text, id: id++, author: AUTHOR, date })
          : new DeletedTextRun({ text: r.text, id: id++, author: AUTHOR, date }),
    );
  const title = lang === 'zh' ? '条款修订稿' : 'Clause mark-up';
  const reason = lang === 'zh' ? '理由：' : 'Why: ';
  const children: Paragraph[] = [new Paragraph({ text: title, heading: HeadingLevel.HEADING_1 })];
  for (const e of review.markup.edits) {
    children.push(new Paragraph({ text: `${e.title} ${e.ref}`, heading: HeadingLevel.HEADING_2 }));
    children.push(new Paragraph({ children: runs(e.before.en, e.after.en) }));
    children.push(new Paragraph({ children: runs(e.before.zh, e.after.zh) }));
    children.push(
      new Paragraph({
        children: [
          new TextRun({ text: `${reason}${e.reasons.map((r) => r[lang]).join(' ')}`, italics: true }),
        ],
      }),
    );
  }
  const doc = new Document({
    creator: AUTHOR,
    title,
    features: { trackRevisions: true },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
