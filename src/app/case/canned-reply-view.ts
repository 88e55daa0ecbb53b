/** What a saved reply is, for the use cases that list, save and delete them. */
export interface CannedReplyInput {
  title: string;
  language: 'en' | 'zh';
  body: string;
}

export interface CannedReplyView extends CannedReplyInput {
  id: string;
  /** The body with the case's blanks filled, when a case was named. */
  filled: string | null;
  updatedAt: Date;
}

export const CANNED_REPLY_NOT_FOUND = { en: 'No such saved reply.', zh: '没有该常用回复。' };
