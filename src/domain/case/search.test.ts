import { describe, expect, it } from 'vitest';
import { searchDocumentText, searchQuery, searchWords } from './search.ts';

describe('search words', () => {
  it('segment Chinese into words and split serials and numbers at their punctuation', () => {
    expect(searchWords('压缩机 高压 报警')).toContain('报警');
    expect(searchWords('CH9-2024-00031, C-000123')).toEqual(['ch9', '2024', '00031', 'c', '000123']);
    expect(searchDocumentText(['Compressor trips', null, '请尽快处理'])).not.toContain('，');
  });

  it('make a prefix query of every word, whatever is typed', () => {
    expect(searchQuery('compress')).toBe('compress:*');
    expect(searchQuery("a & b | !c ('x')")).toBe('a:* & b:* & c:* & x:*');
    expect(searchQuery(' ,.;')).toBeUndefined();
    expect(searchQuery('压缩机')).toMatch(/^压缩/);
  });
});
