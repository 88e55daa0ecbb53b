export type { ChainBreak, ChainedEntry, EntryContent, EntryHeader, SubjectType } from './entry.ts';
export {
  canonicalJson,
  chainEntry,
  checkpointMaterial,
  checkStoredLink,
  GENESIS_HASH,
  hashMaterial,
  headerOf,
} from './entry.ts';
export type { EntryType } from './labels.ts';
export { ENTRY_TYPE_LABELS } from './labels.ts';
