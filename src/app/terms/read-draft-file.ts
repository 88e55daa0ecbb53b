/**
 * A draft agreement (a Word file or text) read into clauses by their numbering, each with the
 * structured values its wording suggests, for a person to confirm. Nothing is stored.
 */
import mammoth from 'mammoth';
import type { Actor } from '../../domain/access/index.ts';
import { type ProposedClause, readDraft } from '../../domain/terms/index.ts';
import { requireAccess } from '../access.ts';

export async function readDraftFile(name: string, content: Buffer): Promise<ProposedClause[]> {
  const text = /\.docx$/i.test(name)
    ? (await mammoth.extractRawText({ buffer: content })).value
    : content.toString('utf8');
  return readDraft(text);
}

/** A draft read for a signed-in person: staff who may read the terms. */
export async function readDraftAs(actor: Actor, name: string, content: Buffer): Promise<ProposedClause[]> {
  requireAccess(actor, 'read', 'agreement');
  return readDraftFile(name, content);
}
