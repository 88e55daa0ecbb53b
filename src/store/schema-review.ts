import type { ColumnType } from 'kysely';
import type { ReviewData } from '../domain/terms/index.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** The terms review's data per tenant (migration 0022_review_data_and_trigger_counts). */
export interface ReviewTables {
  review_data: {
    tenant_id: string;
    data: ColumnType<ReviewData, string, string>;
    revision: number;
    updated_at: Timestamp;
    updated_by: string | null;
  };
}
