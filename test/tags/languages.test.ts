import { describe, expect, test } from 'vitest';
import { chooseHeaderLanguage, detectLanguageByName, detectLanguageByShebang, readQuerySource } from '../../src/languages.js';
import { describeLanguages } from '../../src/language-info.js';
import { detectLanguageId } from '../../src/tags/tag-file.js';
import { PROJECT_ROOT } from '../helpers.js';

describe('language detection', () => {
  test.each([
    ['src/app.py', 'python'],
    ['web/App.tsx', 'tsx'],
    ['web/app.ts', 'typescript'],
    ['lib/util.mjs', 'javascript'],
    ['sketch/blink.ino', 'cpp'],
    ['Rakefile', 'ruby'],
    ['build/Makefile', 'make'],
    ['analysis/model.R', 'r'],
    ['infra/main.tf', 'terraform'],
    ['src/Widget.vue', 'vue'],
    ['src/shop/inventory.clj', 'clojure'],
    ['src/Cart.elm', 'elm'],
    ['src/ledger.gleam', 'gleam'],
    ['lib/Job/Queue.pm', 'perl'],
    ['pkgs/default.nix', 'nix'],
    ['scenes/player.gd', 'gdscript'],
    ['src/main/resources/application.properties', 'properties'],
    ['paper/report.tex', 'latex'],
  ])('%s is %s by its name', (relPath, id) => {
    expect(detectLanguageByName(relPath)?.id).toBe(id);
  });

  test.each([
    ['#!/usr/bin/env python3', 'python'],
    ['#!/usr/bin/python3.11', 'python'],
    ['#!/bin/bash -e', 'bash'],
    ['#!/usr/bin/env -S node --no-warnings', 'javascript'],
    ['#!/bin/sh', 'bash'],
    ['#!/usr/bin/env ruby', 'ruby'],
    ['#!/usr/bin/perl -w', 'perl'],
  ])('an extensionless script starting %s is %s', (line, id) => {
    expect(detectLanguageByShebang(line)?.id).toBe(id);
    expect(detectLanguageId('bin/tool', `${line}\necho\n`, {})).toBe(id);
  });

  test('a shebang does not override an extension, and non-code files are not parsed', () => {
    expect(detectLanguageId('notes.txt', '#!/usr/bin/env python3\n', {})).toBeUndefined();
    for (const relPath of ['package.json', 'ci.yml', 'README.md', 'style.css', 'index.html', 'Cargo.toml']) {
      expect(detectLanguageId(relPath, '{}', {})).toBeUndefined();
    }
  });

  test('.h files are C unless the repository has C++ files and no C files', () => {
    expect(chooseHeaderLanguage(['a.h', 'a.c', 'b.cpp'])).toBe('c');
    expect(chooseHeaderLanguage(['a.h', 'b.cpp'])).toBe('cpp');
    expect(chooseHeaderLanguage(['a.h'])).toBe('c');
    expect(detectLanguageId('include/a.h', 'int x;', { headerLanguage: 'cpp' })).toBe('cpp');
  });
});

describe('query inheritance', () => {
  test('a query that inherits starts with the inherited patterns (tsx = typescript + JSX)', () => {
    const tsx = readQuerySource('tsx');
    expect(tsx.startsWith(readQuerySource('typescript'))).toBe(true);
    expect(tsx).toContain('jsx_self_closing_element');
    expect(readQuerySource('javascript')).toContain('jsx_opening_element');
    expect(readQuerySource('typescript')).not.toContain('jsx_opening_element');
  });

  test('languages that share syntax inherit one shared query instead of copying it', () => {
    for (const [shared, languages] of [
      ['_ecmascript', ['javascript', 'typescript', 'tsx']],
      ['_c_family', ['c', 'cpp']],
      ['_ocaml_signatures', ['ocaml', 'ocaml_interface']],
      ['_hcl_common', ['hcl', 'terraform']],
    ] as const) {
      for (const language of languages) expect(readQuerySource(language), language).toContain(readQuerySource(shared));
    }
  });
});

describe('repomap languages', () => {
  test('every registered language has a tags query with definitions and an installed grammar', () => {
    const languages = describeLanguages();
    expect(languages.filter((language) => language.definitions).length).toBeGreaterThanOrEqual(46);
    for (const language of languages) {
      expect(language.definitions, language.id).toBe(true);
      expect(language.grammarVersion, language.id).not.toBe('missing');
    }
  });
});

describe('grammar loading', () => {
  test('grammars requested concurrently each load correctly (web-tree-sitter links loads with shared state)', async () => {
    const { GrammarRegistry } = await import('../../src/tags/grammar-registry.js');
    const { tagFile } = await import('../../src/tags/tag-file.js');
    const path = await import('node:path');
    const registry = new GrammarRegistry();
    try {
      const languages = ['python', 'javascript', 'typescript', 'go', 'rust', 'c'];
      await Promise.all(languages.map((id) => registry.get(id)));
      const samples = { python: 'sample.py', javascript: 'sample.jsx', typescript: 'sample.ts', go: 'sample.go', rust: 'sample.rs', c: 'sample.c' };
      for (const [id, name] of Object.entries(samples)) {
        const absPath = path.join(PROJECT_ROOT, 'fixtures', 'languages', id, name);
        const result = await tagFile({ relPath: name, absPath }, registry);
        expect(result.type, id).toBe('tags');
      }
    } finally {
      await registry.close();
    }
  });
});
