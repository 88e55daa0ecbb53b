import i18n from './i18n.ts';

/** A problem+json answer from the server, in the reader's language. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: { path: string; message: string }[];
  constructor(status: number, code: string, message: string, errors: { path: string; message: string }[]) {
    super(message);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Calls the API over HTTP with the session cookie; writes carry the CSRF token. */
export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': i18n.language === 'zh' ? 'zh-CN' : 'en' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`/api/v1${url}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      data?.code ?? 'internal',
      data?.detail ?? data?.title ?? response.statusText,
      data?.errors ?? [],
    );
  }
  return data as T;
}

/** Posts to the API and saves the answer as a file (a document the API builds, e.g. a Word mark-up). */
export async function downloadPost(url: string, body: unknown, filename: string): Promise<void> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'accept-language': i18n.language === 'zh' ? 'zh-CN' : 'en',
  };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`/api/v1${url}`, {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const data = await response.json().catch(() => undefined);
    throw new ApiError(
      response.status,
      data?.code ?? 'internal',
      data?.detail ?? response.statusText,
      data?.errors ?? [],
    );
  }
  const href = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(href);
}

export const get = <T>(url: string) => api<T>('GET', url);
export const post = <T>(url: string, body: unknown) => api<T>('POST', url, body);
export const patch = <T>(url: string, body: unknown) => api<T>('PATCH', url, body);

export interface Attachment {
  name: string;
  mediaType: string;
  contentBase64: string;
}

/** A file from an input, as the API takes it (base64). */
export function toAttachment(file: File): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error);
    reader.onload = () => {
      const url = String(reader.result);
      resolve({
        name: file.name,
        mediaType: file.type || 'application/octet-stream',
        contentBase64: url.slice(url.indexOf(',') + 1),
      });
    };
    reader.readAsDataURL(file);
  });
}
