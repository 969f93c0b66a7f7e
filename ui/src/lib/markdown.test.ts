// The methodology reader: blocks and inline marks become elements, never HTML.
import { describe, expect, it } from 'vitest';
import { parseBlocks } from './markdown.tsx';

describe('markdown blocks', () => {
  it('reads headings, tables, lists, code and paragraphs', () => {
    const blocks = parseBlocks(
      [
        '# Title',
        '',
        '| a | b |',
        '| --- | ---: |',
        '| 1 | x \\| y |',
        '',
        '- one',
        '- two',
        '  more',
        '',
        '```',
        'code',
        '```',
        'text',
        'on',
      ].join('\n'),
    );
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Title' },
      { kind: 'table', header: ['a', 'b'], rows: [['1', 'x | y']] },
      { kind: 'list', ordered: false, items: ['one', 'two more'] },
      { kind: 'code', text: 'code' },
      { kind: 'paragraph', text: 'text on' },
    ]);
  });
});
