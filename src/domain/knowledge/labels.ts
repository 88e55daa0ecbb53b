import type { Label } from '../label.ts';

export const ARTICLE_STATE_LABELS = {
  draft: { en: 'Draft', zh: '草稿' },
  review: { en: 'In review', zh: '审核中' },
  published: { en: 'Published', zh: '已发布' },
  archived: { en: 'Archived', zh: '已归档' },
} as const satisfies Record<string, Label>;

export const ARTICLE_VISIBILITY_LABELS = {
  public: { en: 'Public', zh: '公开' },
  product_customers: { en: 'Customers of the product', zh: '该产品的客户' },
  partners: { en: 'Partners', zh: '合作伙伴' },
  internal: { en: 'Internal', zh: '内部' },
} as const satisfies Record<string, Label>;

export const ARTICLE_LANGUAGE_LABELS = {
  en: { en: 'English', zh: '英文' },
  zh: { en: 'Chinese', zh: '中文' },
} as const satisfies Record<string, Label>;

/** Shown where an article has no text in the reader's language. */
export const MISSING_TRANSLATION: Label = {
  en: 'This article has no English text yet; the Chinese text follows.',
  zh: '本文暂无中文版本，以下为英文内容。',
};
