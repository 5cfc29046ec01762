/**
 * The language registry: which files are which language, and where each language's grammar
 * (`.wasm`) and tags query (`grammars/<id>/tags.scm`) come from. Detection only; loading
 * grammars is the tags stage's job.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './package-root.js';

export interface GrammarSource {
  /** npm package that ships the `.wasm` file. */
  package: string;
  /** Path of the `.wasm` file inside that package. */
  file: string;
}

export interface LanguageSpec {
  id: string;
  name: string;
  extensions: string[];
  /** Exact base names, for files such as `Rakefile`. */
  filenames?: string[];
  /** Interpreter names matched against a `#!` line of an extensionless file. */
  interpreters?: string[];
  grammar: GrammarSource;
  /** The file is markup whose `<script>` block is parsed with the JS/TS grammars (Vue SFCs). */
  embedsScript?: boolean;
}

const WASMS = 'tree-sitter-wasms';
const CURSORLESS_WASMS = '@cursorless/tree-sitter-wasms';

function bundled(name: string): GrammarSource {
  return { package: WASMS, file: `out/tree-sitter-${name}.wasm` };
}

/** A grammar from @cursorless/tree-sitter-wasms (newer builds, and languages tree-sitter-wasms lacks). */
function cursorless(name: string): GrammarSource {
  return { package: CURSORLESS_WASMS, file: `out/tree-sitter-${name}.wasm` };
}

function upstream(packageName: string, file: string): GrammarSource {
  return { package: packageName, file };
}

export const LANGUAGES: readonly LanguageSpec[] = [
  { id: 'awk', name: 'AWK', extensions: ['.awk'], interpreters: ['awk', 'gawk', 'mawk'], grammar: upstream('tree-sitter-awk', 'tree-sitter-awk.wasm') },
  {
    id: 'bash',
    name: 'Bash',
    extensions: ['.sh', '.bash', '.zsh', '.ksh'],
    filenames: ['.bashrc', '.bash_profile', '.profile', '.zshrc'],
    interpreters: ['sh', 'bash', 'zsh', 'dash', 'ksh'],
    // The bundled build's scanner needs libc symbols web-tree-sitter 0.25 lacks (case/[[ ]] throw).
    grammar: upstream('tree-sitter-bash', 'tree-sitter-bash.wasm'),
  },
  { id: 'c', name: 'C', extensions: ['.c', '.h'], grammar: bundled('c') },
  { id: 'clojure', name: 'Clojure', extensions: ['.clj', '.cljs', '.cljc', '.bb'], interpreters: ['bb', 'clojure'], grammar: cursorless('clojure') },
  {
    id: 'cpp',
    name: 'C++',
    extensions: ['.cc', '.cpp', '.cxx', '.c++', '.hh', '.hpp', '.hxx', '.h++', '.ino'],
    grammar: bundled('cpp'),
  },
  { id: 'csharp', name: 'C#', extensions: ['.cs'], grammar: bundled('c_sharp') },
  { id: 'dart', name: 'Dart', extensions: ['.dart'], grammar: bundled('dart') },
  { id: 'elisp', name: 'Emacs Lisp', extensions: ['.el'], grammar: bundled('elisp') },
  { id: 'elixir', name: 'Elixir', extensions: ['.ex', '.exs'], interpreters: ['elixir'], grammar: bundled('elixir') },
  { id: 'elm', name: 'Elm', extensions: ['.elm'], grammar: cursorless('elm') },
  { id: 'fish', name: 'Fish', extensions: ['.fish'], interpreters: ['fish'], grammar: upstream('@esdmr/tree-sitter-fish', 'tree-sitter-fish.wasm') },
  { id: 'gdscript', name: 'GDScript', extensions: ['.gd'], grammar: cursorless('gdscript') },
  { id: 'gleam', name: 'Gleam', extensions: ['.gleam'], grammar: cursorless('gleam') },
  { id: 'go', name: 'Go', extensions: ['.go'], grammar: bundled('go') },
  { id: 'haskell', name: 'Haskell', extensions: ['.hs'], interpreters: ['runhaskell'], grammar: upstream('tree-sitter-haskell', 'tree-sitter-haskell.wasm') },
  { id: 'hcl', name: 'HCL', extensions: ['.hcl'], grammar: upstream('@tree-sitter-grammars/tree-sitter-hcl', 'tree-sitter-hcl.wasm') },
  { id: 'java', name: 'Java', extensions: ['.java'], grammar: bundled('java') },
  {
    id: 'javascript',
    name: 'JavaScript',
    extensions: ['.js', '.jsx', '.mjs', '.cjs'],
    interpreters: ['node', 'nodejs'],
    grammar: bundled('javascript'),
  },
  { id: 'julia', name: 'Julia', extensions: ['.jl'], interpreters: ['julia'], grammar: upstream('tree-sitter-julia', 'tree-sitter-julia.wasm') },
  { id: 'kotlin', name: 'Kotlin', extensions: ['.kt', '.kts'], grammar: bundled('kotlin') },
  {
    id: 'lua',
    name: 'Lua',
    extensions: ['.lua'],
    interpreters: ['lua', 'luajit'],
    // The bundled build misparses once another grammar or query has been used in the process.
    grammar: upstream('@tree-sitter-grammars/tree-sitter-lua', 'tree-sitter-lua.wasm'),
  },
  { id: 'latex', name: 'LaTeX', extensions: ['.tex', '.sty', '.cls', '.ltx'], grammar: cursorless('latex') },
  {
    id: 'make',
    name: 'Make',
    extensions: ['.mk', '.mak'],
    filenames: ['Makefile', 'makefile', 'GNUmakefile'],
    interpreters: ['make'],
    grammar: upstream('tree-sitter-make', 'tree-sitter-make.wasm'),
  },
  { id: 'nix', name: 'Nix', extensions: ['.nix'], grammar: cursorless('nix') },
  { id: 'objc', name: 'Objective-C', extensions: ['.m', '.mm'], grammar: bundled('objc') },
  { id: 'ocaml', name: 'OCaml', extensions: ['.ml'], interpreters: ['ocaml'], grammar: upstream('tree-sitter-ocaml', 'tree-sitter-ocaml.wasm') },
  {
    id: 'ocaml_interface',
    name: 'OCaml interface',
    extensions: ['.mli'],
    grammar: upstream('tree-sitter-ocaml', 'tree-sitter-ocaml_interface.wasm'),
  },
  { id: 'perl', name: 'Perl', extensions: ['.pl', '.pm'], interpreters: ['perl'], grammar: cursorless('perl') },
  {
    id: 'php',
    name: 'PHP',
    extensions: ['.php', '.phtml'],
    interpreters: ['php'],
    grammar: bundled('php'),
  },
  {
    id: 'powershell',
    name: 'PowerShell',
    extensions: ['.ps1', '.psm1'],
    interpreters: ['pwsh', 'powershell'],
    grammar: upstream('tree-sitter-powershell', 'tree-sitter-powershell.wasm'),
  },
  { id: 'properties', name: 'Java properties', extensions: ['.properties'], grammar: cursorless('properties') },
  {
    id: 'python',
    name: 'Python',
    extensions: ['.py', '.pyi', '.pyw'],
    filenames: ['SConstruct', 'SConscript'],
    interpreters: ['python', 'python2', 'python3'],
    grammar: bundled('python'),
  },
  { id: 'r', name: 'R', extensions: ['.r', '.R'], interpreters: ['Rscript'], grammar: upstream('@eagleoutice/tree-sitter-r', 'tree-sitter-r.wasm') },
  { id: 'rescript', name: 'ReScript', extensions: ['.res', '.resi'], grammar: bundled('rescript') },
  {
    id: 'ruby',
    name: 'Ruby',
    extensions: ['.rb', '.rake', '.gemspec'],
    filenames: ['Rakefile', 'Gemfile', 'Guardfile'],
    interpreters: ['ruby'],
    grammar: bundled('ruby'),
  },
  { id: 'rust', name: 'Rust', extensions: ['.rs'], grammar: bundled('rust') },
  { id: 'scala', name: 'Scala', extensions: ['.scala', '.sc'], interpreters: ['scala'], grammar: bundled('scala') },
  { id: 'solidity', name: 'Solidity', extensions: ['.sol'], grammar: bundled('solidity') },
  { id: 'swift', name: 'Swift', extensions: ['.swift'], grammar: bundled('swift') },
  { id: 'systemrdl', name: 'SystemRDL', extensions: ['.rdl'], grammar: bundled('systemrdl') },
  {
    id: 'terraform',
    name: 'Terraform',
    extensions: ['.tf', '.tfvars'],
    grammar: upstream('@tree-sitter-grammars/tree-sitter-hcl', 'tree-sitter-terraform.wasm'),
  },
  { id: 'tlaplus', name: 'TLA+', extensions: ['.tla'], grammar: bundled('tlaplus') },
  { id: 'tsx', name: 'TSX', extensions: ['.tsx'], grammar: bundled('tsx') },
  {
    id: 'typescript',
    name: 'TypeScript',
    extensions: ['.ts', '.mts', '.cts'],
    interpreters: ['ts-node', 'tsx', 'deno', 'bun'],
    grammar: bundled('typescript'),
  },
  { id: 'vue', name: 'Vue', extensions: ['.vue'], grammar: bundled('vue'), embedsScript: true },
  { id: 'zig', name: 'Zig', extensions: ['.zig'], grammar: bundled('zig') },
];

const BY_ID = new Map(LANGUAGES.map((spec) => [spec.id, spec]));
const BY_EXTENSION = new Map<string, LanguageSpec>();
const BY_FILENAME = new Map<string, LanguageSpec>();
const BY_INTERPRETER = new Map<string, LanguageSpec>();
for (const spec of LANGUAGES) {
  for (const extension of spec.extensions) BY_EXTENSION.set(extension, spec);
  for (const filename of spec.filenames ?? []) BY_FILENAME.set(filename, spec);
  for (const interpreter of spec.interpreters ?? []) BY_INTERPRETER.set(interpreter, spec);
}

export function getLanguage(id: string): LanguageSpec | undefined {
  return BY_ID.get(id);
}

/** The language of a path by its name alone, or undefined when the name does not tell. */
export function detectLanguageByName(relPath: string): LanguageSpec | undefined {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);
  const byName = BY_FILENAME.get(base);
  if (byName) return byName;
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const extension = base.slice(dot);
  return BY_EXTENSION.get(extension) ?? BY_EXTENSION.get(extension.toLowerCase());
}

/** The language named by a `#!` first line (`#!/usr/bin/env python3`, `#!/bin/bash -e`). */
export function detectLanguageByShebang(firstLine: string): LanguageSpec | undefined {
  const match = /^#!\s*(\S+)(?:\s+(.*))?$/.exec(firstLine.trim());
  if (!match) return undefined;
  let program = match[1]!.slice(match[1]!.lastIndexOf('/') + 1);
  if (program === 'env') {
    const args = (match[2] ?? '').split(/\s+/).filter((arg) => arg && !arg.startsWith('-'));
    program = args[0] ?? '';
  }
  const versionless = program.replace(/[\d.]+$/, '');
  return BY_INTERPRETER.get(program) ?? BY_INTERPRETER.get(versionless);
}

/** True when a file name has no extension, so its first line may name its language. */
export function mayHaveShebang(relPath: string): boolean {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);
  return base.lastIndexOf('.') <= 0;
}

/** The directory holding `grammars/<id>/tags.scm`, shipped with the package. */
export const GRAMMARS_DIR = path.join(PACKAGE_ROOT, 'grammars');

const require = createRequire(import.meta.url);

export function resolveGrammarPath(grammar: GrammarSource): string {
  const packageJson = require.resolve(`${grammar.package}/package.json`);
  return path.join(path.dirname(packageJson), grammar.file);
}

export function queryPath(languageId: string): string {
  return path.join(GRAMMARS_DIR, languageId, 'tags.scm');
}

/** `; inherits: a, b` in a query's header comment: those queries' patterns come first. */
const INHERITS = /^;\s*inherits:\s*(.+)$/m;

/**
 * A language's full query text: its `tags.scm` after the queries it inherits (tree-sitter
 * queries have no include, and tsx shares typescript's patterns, javascript and tsx the JSX ones).
 * Throws the file system's error, naming the file, when one is missing.
 */
export function readQuerySource(languageId: string, seen: ReadonlySet<string> = new Set()): string {
  if (seen.has(languageId)) throw new Error(`${queryPath(languageId)}: inherits itself (${[...seen, languageId].join(' → ')})`);
  const text = readFileSync(queryPath(languageId), 'utf8');
  const header = text.slice(0, text.search(/^[^;\s]/m) >>> 0);
  const parents = INHERITS.exec(header)?.[1]!.split(',').map((name) => name.trim()).filter(Boolean) ?? [];
  const inherited = parents.map((parent) => readQuerySource(parent, new Set([...seen, languageId])));
  return [...inherited, text].join('\n');
}

const C_EXTENSIONS = ['.c'];
const CPP_EXTENSIONS = new Set(getLanguage('cpp')!.extensions);

/** `.h` files are C, unless the repository has no C files and has C++ files. */
export function chooseHeaderLanguage(relPaths: Iterable<string>): 'c' | 'cpp' {
  let hasCpp = false;
  for (const relPath of relPaths) {
    const dot = relPath.lastIndexOf('.');
    const extension = dot < 0 ? '' : relPath.slice(dot).toLowerCase();
    if (C_EXTENSIONS.includes(extension)) return 'c';
    if (CPP_EXTENSIONS.has(extension)) hasCpp = true;
  }
  return hasCpp ? 'cpp' : 'c';
}

export interface DetectOptions {
  /** The language `.h` files are parsed as in this repository (`c` or `cpp`). */
  headerLanguage?: string;
}

/** A file's language from its name, else (for an extensionless file) from its `#!` line. */
export function detectLanguageId(relPath: string, text: string | undefined, options: DetectOptions): string | undefined {
  if (relPath.endsWith('.h') && options.headerLanguage) return options.headerLanguage;
  const byName = detectLanguageByName(relPath);
  if (byName) return byName.id;
  if (text !== undefined && mayHaveShebang(relPath) && text.startsWith('#!')) {
    const newline = text.indexOf('\n');
    return detectLanguageByShebang(newline < 0 ? text : text.slice(0, newline))?.id;
  }
  return undefined;
}
