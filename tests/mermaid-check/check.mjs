// Parses every Mermaid diagram given on the command line (files holding one diagram each, or Markdown
// files whose ```mermaid blocks are checked one by one) with Mermaid's own parser, the one GitHub's
// renderer runs. Prints one line per diagram and exits 1 if any fails, 2 on a usage error.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

// Mermaid's flowchart parser sanitises labels with DOMPurify, which needs a window: jsdom gives it one.
const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;
globalThis.Element = dom.window.Element;
globalThis.HTMLElement = dom.window.HTMLElement;
globalThis.Node = dom.window.Node;

const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

function diagrams(file) {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.md')) {
    return [{ name: file, text }];
  }

  const found = [];
  const fence = /^```mermaid\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(text); match; match = fence.exec(text)) {
    const line = text.slice(0, match.index).split('\n').length;
    found.push({ name: `${file}:${line}`, text: match[1] });
  }

  return found;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node check.mjs FILE...');
  process.exit(2);
}

let failed = 0;
let checked = 0;
for (const file of files) {
  for (const diagram of diagrams(file)) {
    checked++;
    try {
      const result = await mermaid.parse(diagram.text);
      console.log(`ok ${diagram.name} (${result.diagramType})`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${diagram.name}: ${String(error.message ?? error).split('\n').join(' | ')}`);
    }
  }
}

console.log(`${checked} diagrams, ${failed} failed`);
process.exit(failed > 0 || checked === 0 ? 1 : 0);
