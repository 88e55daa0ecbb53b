export type {
  ChainBreak,
  ChainedEntry,
  EntryContent,
  EntryDraft,
  EntryHeader,
  RecordedEntry,
  SubjectType,
} from './entry.ts';
export {
  canonicalJson,
  chainDraft,
  chainEntry,
  checkpointMaterial,
  checkStoredLink,
  commitForm,
  draftEntry,
  draftMaterial,
  GENESIS_HASH,
  hashMaterial,
  hasRedactionMarkers,
  headerOf,
  personalCommitment,
  REDACTED_KEY,
  redactFields,
} from './entry.ts';
export type { EntryType } from './labels.ts';
export { ENTRY_TYPE_LABELS } from './labels.ts';
export type { Frontier, MerkleHasher, NodeId, Span, StoredNode, TreeHead } from './merkle.ts';
export {
  appendLeaves,
  consistencySpans,
  EMPTY_FRONTIER,
  foldRange,
  inclusionSpans,
  nodeKey,
  nodesFor,
  rangeNodes,
  rootOf,
  spanHashes,
  treeHeadMaterial,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';
