export { checkDeclaredMediaType, recordedMediaType, sniffMediaType } from './media-type.ts';
export type { MoveBlobsReport } from './move-blobs.ts';
export { blobsMissingFrom, moveBlobs } from './move-blobs.ts';
export { OFFICE_PDF_TIMEOUT_MS, officeToPdf } from './office-pdf.ts';
export { registerBlob } from './register-blob.ts';
export type { AttachmentInput, StoredAttachment } from './store-attachments.ts';
export { storeAttachments } from './store-attachments.ts';
