/**
 * Tidy: the style rules a linter cannot express, checked over every source file
 * (TigerBeetle's tidy test in spirit).
 *
 * Scans the files git knows under src/, test/, bench/, bin/ and ui/ (tracked, plus new
 * files not ignored, so not the web app's build), falling back to a directory walk
 * outside a git checkout. Rules: no focused, skipped or todo tests; no to-do markers in
 * comments; every code file under src/ and ui/ opens with a header comment; kebab-case
 * file and directory names; no line over 140 characters; no debugger statement.
 *
 * The forbidden tokens are assembled from pieces so that this file does not flag
 * itself, and the checker is exercised on bad samples so that it can fail.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const scannedDirs = ['src', 'test', 'bench', 'bin', 'ui'] as const;
/** Top-level directories whose code files must open with a header comment. */
const headerDirs = new Set(['src', 'ui']);
const lineLengthMax = 140;

const codeFile = /\.(?:ts|tsx|mts|cts|js|mjs|cjs)$/;
const testFile = /\.test\.[a-z]+$/;
const kebabSegment = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;
/** Names that keep their conventional spelling. */
const conventionalNames = new Set(['README.md']);

const focusedOrSkipped = new RegExp(String.raw`\.(?:on` + 'ly|sk' + 'ip|to' + String.raw`do)\s*[(.]`);
const markerWords = ['TO' + 'DO', 'FIX' + 'ME', 'X'.repeat(3)];
const marker = new RegExp(String.raw`\b(?:` + markerWords.join('|') + String.raw`)\b`);
/** The statement form only (at a line start or after `;`, `{` or `}`), so prose may name it. */
const debuggerStatement = new RegExp(String.raw`(?:^|[;{}])\s*` + 'debug' + String.raw`ger\s*(?:;|}|$)`);
const headerStart = /^(?:\/\*\*|\/\/)/;

/** The problems of one file, as `path:line: message`; `path` is relative to the repository root. */
export function tidyProblems(path: string, text: string): string[] {
  const problems: string[] = [];
  const segments = path.split('/');
  for (const segment of segments) {
    if (!segment.startsWith('.') && !conventionalNames.has(segment) && !kebabSegment.test(segment)) {
      problems.push(`${path}:1: "${segment}" is not kebab-case`);
    }
  }
  if (!codeFile.test(path)) return problems;

  const lines = text.split(/\r?\n/);
  const isTest = testFile.test(path) || segments[0] === 'test';
  if (headerDirs.has(segments[0] ?? '')) {
    const first = lines.find((line) => line.trim().length > 0) ?? '';
    if (!headerStart.test(first.trim())) {
      problems.push(`${path}:1: opens without a header comment (/** ... */ or //) stating purpose and invariants`);
    }
  }
  lines.forEach((line, index) => {
    const at = `${path}:${index + 1}`;
    if (line.length > lineLengthMax) problems.push(`${at}: line is ${line.length} characters, over ${lineLengthMax}`);
    if (isTest && focusedOrSkipped.test(line)) problems.push(`${at}: focused, skipped or todo test`);
    if (marker.test(line)) problems.push(`${at}: to-do marker; open an issue or do it now`);
    if (debuggerStatement.test(line)) problems.push(`${at}: debugger statement`);
  });
  return problems;
}

/** Repository-relative paths of the files to check, sorted. */
function sourceFiles(): string[] {
  let listed: string[];
  try {
    const output = execFileSync(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...scannedDirs],
      { cwd: root, encoding: 'utf8' },
    );
    listed = output.split('\0').filter((path) => path.length > 0);
  } catch {
    listed = scannedDirs.flatMap((dir) => walk(join(root, dir)));
  }
  // A tracked file deleted in the working tree is listed but cannot be read.
  return [...new Set(listed)].filter((path) => existsSync(join(root, path))).sort();
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || relative(root, full) === join('ui', 'build') ? [] : walk(full);
    return [relative(root, full).split('\\').join('/')];
  });
}

describe('tidy', () => {
  it('the tree is tidy', () => {
    const files = sourceFiles();
    expect(files).toContain('test/tidy.test.ts');
    const problems = files.flatMap((path) => tidyProblems(path, readFileSync(join(root, path), 'utf8')));
    expect(problems).toEqual([]);
  });

  describe('the checker', () => {
    const header = '/** Purpose. */\n';
    const call = (name: string): string => `it.${name}('works', () => {});\n`;

    it('accepts a tidy file', () => {
      expect(tidyProblems('src/core/kernel/order-book.ts', `${header}import { a } from './a.ts';\n`)).toEqual([]);
      expect(tidyProblems('src/core/kernel/x.ts', '// Purpose.\nexport const x = 1;\n')).toEqual([]);
      expect(tidyProblems('test/matching/book.property.test.ts', `${header}${call('each')}`)).toEqual([]);
    });

    it('flags focused, skipped and todo tests', () => {
      for (const name of ['on' + 'ly', 'sk' + 'ip', 'to' + 'do']) {
        expect(tidyProblems('test/a.test.ts', call(name))).toEqual(['test/a.test.ts:1: focused, skipped or todo test']);
        expect(tidyProblems('src/core/a.test.ts', header + call(name))).toHaveLength(1);
      }
      expect(tidyProblems('test/a.test.ts', `describe.${'on' + 'ly'}.each([1])('x', () => {});`)).toHaveLength(1);
    });

    it('flags to-do markers', () => {
      for (const word of markerWords) {
        expect(tidyProblems('bench/a.ts', `const a = 1;\n// ${word}: later\n`)).toEqual([
          'bench/a.ts:2: to-do marker; open an issue or do it now',
        ]);
      }
    });

    it('flags a src file without a header comment before its first import', () => {
      expect(tidyProblems('src/core/a.ts', "import { b } from './b.ts';\n")).toEqual([
        'src/core/a.ts:1: opens without a header comment (/** ... */ or //) stating purpose and invariants',
      ]);
      expect(tidyProblems('src/core/a.ts', '/* not a doc block */\nexport const a = 1;\n')).toHaveLength(1);
      expect(tidyProblems('test/a.ts', "import { b } from './b.ts';\n")).toEqual([]);
      expect(tidyProblems('ui/src/a.tsx', "import { b } from './b.ts';\n")).toHaveLength(1);
    });

    it('flags names that are not kebab-case', () => {
      expect(tidyProblems('src/core/orderBook.ts', header)).toEqual(['src/core/orderBook.ts:1: "orderBook.ts" is not kebab-case']);
      expect(tidyProblems('src/core/order_book.ts', header)).toHaveLength(1);
      expect(tidyProblems('src/Core/book.ts', header)).toHaveLength(1);
    });

    it('flags long lines and debugger statements', () => {
      const long = `const a = '${'x'.repeat(lineLengthMax)}';`;
      expect(tidyProblems('bin/a.js', `${long}\n`)).toEqual([`bin/a.js:1: line is ${long.length} characters, over ${lineLengthMax}`]);
      expect(tidyProblems('bin/a.js', 'x'.repeat(lineLengthMax))).toEqual([]);
      expect(tidyProblems('bin/a.js', `function f() {\n  ${'debug' + 'ger'};\n}\n`)).toEqual(['bin/a.js:2: debugger statement']);
      expect(tidyProblems('bin/a.js', `if (x) { ${'debug' + 'ger'} }\n`)).toHaveLength(1);
      expect(tidyProblems('bin/a.js', `// no ${'debug' + 'ger'} statements here\n`)).toEqual([]);
    });
  });
});
