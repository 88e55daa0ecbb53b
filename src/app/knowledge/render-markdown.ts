import MarkdownIt from 'markdown-it';
import type { ArticleFile } from '../../domain/knowledge/index.ts';

/**
 * Article bodies are Markdown rendered with raw HTML off: a `<script>` an author (or a pasted
 * text) puts in a body comes out as text, never as markup. markdown-it's own link check refuses
 * `javascript:`, `vbscript:`, `file:` and most `data:` URLs.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

/**
 * Renders a body. `![photo](file:valve.jpg)` and `[manual](file:manual.pdf)` name an attached
 * file; they become the file's address under `fileBase`.
 */
export function renderArticleBody(body: string, files: readonly ArticleFile[], fileBase: string): string {
  const byName = new Map(files.map((f) => [f.name, f]));
  const withFiles = body.replace(/\]\(file:([^)\s]+)\)/g, (whole, name: string) => {
    const file = byName.get(decodeURIComponent(name));
    return file ? `](${fileBase}/${file.sha256})` : whole;
  });
  return md.render(withFiles);
}
