import type { ColumnType } from 'kysely';
import type { ArticleContent, ArticleFile, ArticleTexts, FaultCode } from '../domain/knowledge/index.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** The knowledge base (migration 0020_knowledge_base). */
export interface KnowledgeTables {
  kb_articles: {
    tenant_id: string;
    article_id: string;
    key: string;
    state: 'draft' | 'review' | 'published' | 'archived';
    visibility: 'public' | 'product_customers' | 'partners' | 'internal';
    product_ids: string[];
    part_categories: string[];
    fault_codes: Json<FaultCode[]>;
    error_messages: string[];
    troubleshooting_tree_key: string | null;
    texts: Json<ArticleTexts>;
    files: Json<ArticleFile[]>;
    live_version: number | null;
    visible_from: ColumnType<Date | null, Date | string | null, Date | string | null>;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  kb_article_versions: {
    tenant_id: string;
    article_id: string;
    version: number;
    content: Json<ArticleContent>;
    published_at: Timestamp;
    published_by_user_id: string | null;
    recorded_at: Timestamp;
  };
  kb_postings: {
    tenant_id: string;
    term: string;
    article_id: string;
    lang: string;
    tf: number;
    doc_length: number;
    /** Migration 0032: the BM25 term-frequency part at a reference length (`postingImpact`). */
    impact: number;
  };
  kb_index_stats: { tenant_id: string; documents: number; total_length: number };
  kb_term_stats: { tenant_id: string; term: string; df: number };
  kb_term_variants: { tenant_id: string; variant: string; term: string };
  kb_synonym_groups: { tenant_id: string; group_id: string; terms: string[]; updated_at: Timestamp };
  /** Migration 0030: a customer read an article (one row per article, customer and UTC day). */
  kb_article_reads: {
    tenant_id: string;
    article_id: string;
    customer_party_id: string;
    read_on: ColumnType<string, string, string>;
    read_at: Timestamp;
  };
}
