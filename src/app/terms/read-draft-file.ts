/**
 * A draft agreement (a Word file or text) read into clauses by their numbering, each with the
 * structured values its wording suggests, for a person to confirm. Nothing is stored.
 */
import mammoth from 'mammoth';
import { type ProposedClause, readDraft } from '../../domain/terms/index.ts';

export async function readDraftFile(name: string, content: Buffer): Promise<ProposedClause[]> {
  const text = /\.docx$/i.test(name)
    ? (await mammoth.extractRawText({ buffer: content })).value
    : content.toString('utf8');
  return readDraft(text);
}
