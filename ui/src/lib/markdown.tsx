/**
 * A small Markdown reader for the methodology documents: headings, paragraphs, bullet
 * and numbered lists, pipe tables, fenced code, and inline code, bold, italics and links.
 * It builds React elements (never HTML strings), so nothing in a document can run in the
 * page; links open only when they are http(s), other targets show as text. Not a full
 * CommonMark parser: nested lists and block quotes read as plain paragraphs. O(length).
 */
import type { ReactNode } from 'react';

type Block =
  | { readonly kind: 'heading'; readonly level: number; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: string[] }
  | { readonly kind: 'table'; readonly header: string[]; readonly rows: string[][] }
  | { readonly kind: 'code'; readonly text: string };

const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));

const isTableRule = (line: string): boolean => /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line);
const bullet = /^\s*[-*]\s+(.*)$/;
const numbered = /^\s*\d+\.\s+(.*)$/;

export function parseBlocks(markdown: string): Block[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim().length === 0) {
      i++;
    } else if (line.startsWith('```')) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] ?? '').startsWith('```')) body.push(lines[i++] ?? '');
      i++;
      blocks.push({ kind: 'code', text: body.join('\n') });
    } else if (/^#{1,6}\s/.test(line)) {
      const level = /^#+/.exec(line)?.[0].length ?? 1;
      blocks.push({ kind: 'heading', level, text: line.slice(level).trim() });
      i++;
    } else if (line.trim().startsWith('|') && isTableRule(lines[i + 1] ?? '')) {
      const header = cells(line);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && (lines[i] ?? '').trim().startsWith('|')) rows.push(cells(lines[i++] ?? ''));
      blocks.push({ kind: 'table', header, rows });
    } else if (bullet.test(line) || numbered.test(line)) {
      const ordered = numbered.test(line) && !bullet.test(line);
      const pattern = ordered ? numbered : bullet;
      const items: string[] = [];
      while (i < lines.length && (lines[i] ?? '').trim().length > 0) {
        const current = lines[i] ?? '';
        const match = pattern.exec(current);
        if (match !== null) items.push(match[1] ?? '');
        else if (items.length > 0) items[items.length - 1] += ` ${current.trim()}`;
        i++;
      }
      blocks.push({ kind: 'list', ordered, items });
    } else {
      const body: string[] = [];
      while (i < lines.length && (lines[i] ?? '').trim().length > 0 && !/^(#{1,6}\s|```|\s*\|)/.test(lines[i] ?? ''))
        body.push(lines[i++] ?? '');
      if (body.length === 0) body.push(lines[i++] ?? '');
      blocks.push({ kind: 'paragraph', text: body.join(' ') });
    }
  }
  return blocks;
}

const inlinePattern = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\[[^\]]+\]\([^)]+\))|(\*[^*\s][^*]*\*)/g;

export function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(inlinePattern)) {
    const at = match.index;
    if (at > last) out.push(text.slice(last, at));
    const token = match[0];
    const key = `${at}`;
    if (token.startsWith('`')) out.push(<code key={key}>{token.slice(1, -1)}</code>);
    else if (token.startsWith('**')) out.push(<strong key={key}>{inline(token.slice(2, -2))}</strong>);
    else if (token.startsWith('[')) {
      const [, label = '', href = ''] = /^\[([^\]]+)\]\(([^)]+)\)$/.exec(token) ?? [];
      out.push(
        /^https?:\/\//.test(href) ? (
          <a key={key} href={href} target="_blank" rel="noreferrer">
            {inline(label)}
          </a>
        ) : (
          <span key={key} className="doc-link" title={href}>
            {inline(label)}
          </span>
        ),
      );
    } else out.push(<em key={key}>{inline(token.slice(1, -1))}</em>);
    last = at + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function renderBlock(block: Block, key: number): ReactNode {
  switch (block.kind) {
    case 'heading': {
      const Tag = `h${Math.min(block.level + 1, 6)}` as 'h2';
      return <Tag key={key}>{inline(block.text)}</Tag>;
    }
    case 'paragraph':
      return <p key={key}>{inline(block.text)}</p>;
    case 'code':
      return (
        <pre key={key}>
          <code>{block.text}</code>
        </pre>
      );
    case 'list': {
      const items = block.items.map((item, n) => <li key={n}>{inline(item)}</li>);
      return block.ordered ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
    }
    case 'table':
      return (
        <div className="doc-table" key={key}>
          <table className="grid">
            <thead>
              <tr>
                {block.header.map((cell, n) => (
                  <th key={n}>{inline(cell)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, n) => (
                    <td key={n}>{inline(cell)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  }
}

export function Markdown({ text }: { readonly text: string }): ReactNode {
  return <div className="markdown">{parseBlocks(text).map(renderBlock)}</div>;
}
