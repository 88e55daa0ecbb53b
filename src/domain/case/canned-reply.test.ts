import { describe, expect, it } from 'vitest';
import { fillBlanks, unknownBlanks } from './canned-reply.ts';

describe('canned reply blanks', () => {
  it('fills the known blanks, spaces inside the braces allowed', () => {
    expect(
      fillBlanks('Dear {{customer}}, about {{ case }} ({{serial}}): {{agent}}', {
        customer: 'Ruijin Hospital',
        case: 'R-AB12-CD34-EF56',
        serial: 'CH9-2025-00417',
        agent: 'Li Wei',
      }),
    ).toBe('Dear Ruijin Hospital, about R-AB12-CD34-EF56 (CH9-2025-00417): Li Wei');
  });

  it('leaves a blank without a value empty, never the placeholder', () => {
    expect(fillBlanks('Unit: {{serial}}.', { serial: null })).toBe('Unit: .');
  });

  it('names the unknown blanks once each, in order', () => {
    expect(unknownBlanks('{{customr}} {{case}} {{ phone }} {{customr}}')).toEqual(['customr', 'phone']);
    expect(unknownBlanks('no blanks {single} here')).toEqual([]);
  });
});
