/**
 * The terms review of files: the agreements and calendars among `sources`, the tenant's data
 * (names, installed base, part costs, rates, assumptions) from a data file. Nothing is stored.
 */
import YAML from 'yaml';
import type { CalendarSpec } from '../../domain/calendar/index.ts';
import { SEVERITY_LABELS } from '../../domain/case/labels.ts';
import { PART_CATEGORY_LABELS } from '../../domain/parts/labels.ts';
import { businessDaysOf, type Review, type ReviewData, reviewTerms } from '../../domain/terms/index.ts';
import { AppError } from '../errors.ts';
import { parseTermsOrThrow, type TermsSource } from './parse-terms.ts';
import { splitCalendarFiles } from './terms-calendars.ts';

export function parseReviewData(source: TermsSource | undefined): ReviewData {
  if (!source) return {};
  const data = YAML.parse(source.text) as unknown;
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new AppError('invalid_input', {
      detail: {
        en: `${source.name} is not review data: expected a mapping with parties, products, parts, rates, assumptions.`,
        zh: `${source.name} 不是审阅数据：应为包含 parties、products、parts、rates、assumptions 的映射。`,
      },
    });
  return data as ReviewData;
}

export function reviewTermsFiles(
  sources: readonly TermsSource[],
  data: ReviewData,
  calendars: readonly CalendarSpec[] = [],
): Review {
  const set = splitCalendarFiles(sources);
  const agreements = parseTermsOrThrow(set.terms).map((p) => p.agreement);
  return reviewTerms(
    agreements,
    data,
    { businessDaySeconds: businessDaysOf([...calendars, ...set.calendars]) },
    { severities: SEVERITY_LABELS, partCategories: PART_CATEGORY_LABELS },
  );
}
