export type { DocumentKind } from './import-document.ts';
export { importDocument } from './import-document.ts';
export { listDocuments } from './list-documents.ts';
export { readDocumentSource } from './read-document-source.ts';
