import { fileTypeFromBuffer } from 'file-type';
import { isMediaType } from '../../domain/files/index.ts';
import { invalid } from '../errors.ts';

/** Refuses a declared media type that is not a plain `type/subtype`, naming the field. */
export function checkDeclaredMediaType(value: string, path: string): void {
  if (!isMediaType(value))
    throw invalid([{ path, message: 'not a media type such as image/png or application/pdf' }]);
}

/** The media type the bytes show (magic numbers), or undefined when they show none (text, HTML, …). */
export async function sniffMediaType(bytes: Uint8Array): Promise<string | undefined> {
  return (await fileTypeFromBuffer(bytes))?.mime;
}

/**
 * The media type recorded for an uploaded file: what its bytes show when they show one (so that
 * a page declared as an image is not believed), else the declared type.
 */
export async function recordedMediaType(bytes: Uint8Array, declared: string): Promise<string> {
  return (await sniffMediaType(bytes)) ?? declared.toLowerCase();
}
