/**
 * The tuning numbers of the file graph (SPEC A3–A4), named with their reason. They are aider's,
 * so that maps rank the way users' models have seen.
 */

/** A name the user mentioned is what they are asking about. */
export const MENTIONED_IDENT_BOOST = 10;
/** Long snake_case / kebab-case / CamelCase names are specific; short ones (`get`, `id`) are not. */
export const SPECIFIC_IDENT_BOOST = 10;
export const SPECIFIC_IDENT_MIN_LENGTH = 8;
/** `_private` names matter less to a reader of the map. */
export const PRIVATE_IDENT_FACTOR = 0.1;
/** A name defined in many files (`init`, `main`) says little about which one is meant. */
export const COMMON_IDENT_FACTOR = 0.1;
export const COMMON_IDENT_MIN_DEFINERS = 6;
/** References from the files being edited say most about what matters now. */
export const CHAT_REFERENCER_BOOST = 50;
/** A definition nobody references still gets a little rank through a self-edge. */
export const UNREFERENCED_SELF_WEIGHT = 0.1;
/** Personalization mass spread over the input files: each boosted file gets this / N. */
export const PERSONALIZATION_TOTAL = 100;
/**
 * With --history (not aider's): a file that changed in every commit of the chat files gets this
 * many chat files' share of personalization, one that changed in some of them a part of it.
 */
export const CO_CHANGE_WEIGHT = 1;

export const PAGERANK_ALPHA = 0.85;
export const PAGERANK_MAX_ITERATIONS = 100;
/** Convergence when the L1 change of an iteration is below N × this (networkx's `tol`). */
export const PAGERANK_TOLERANCE = 1e-6;

const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;

const SHAPE_UPPER = 1;
const SHAPE_LOWER = 2;
const SHAPE_UNDERSCORE = 4;
const SHAPE_DASH = 8;

/** What an ASCII code unit adds to a name's shape (0: nothing); -1 for a unit past ASCII. */
function shapeBit(code: number): number {
  if (code >= 0x80) return -1;
  if (code >= 0x41 && code <= 0x5a) return SHAPE_UPPER;
  if (code >= 0x61 && code <= 0x7a) return SHAPE_LOWER;
  if (code === 0x5f) return SHAPE_UNDERSCORE;
  if (code === 0x2d) return SHAPE_DASH;
  return 0;
}

function isSpecificShape(bits: number): boolean {
  const letter = (bits & (SHAPE_UPPER | SHAPE_LOWER)) !== 0;
  return (letter && (bits & (SHAPE_UNDERSCORE | SHAPE_DASH)) !== 0) || (bits & (SHAPE_UPPER | SHAPE_LOWER)) === (SHAPE_UPPER | SHAPE_LOWER);
}

/** snake (`_` + a letter), kebab (`-` + a letter) or camel (upper and lower case letters). */
export function isSpecificIdentShape(ident: string): boolean {
  // Fast path for ASCII names (nearly all): the Unicode regexes cost ~0.5 µs per name.
  let bits = 0;
  for (let i = 0; i < ident.length; i++) {
    const bit = shapeBit(ident.charCodeAt(i));
    if (bit < 0) return isSpecificUnicodeShape(ident);
    bits |= bit;
  }
  return isSpecificShape(bits);
}

function isSpecificUnicodeShape(ident: string): boolean {
  const hasLetter = LETTER.test(ident);
  const isSnake = ident.includes('_') && hasLetter;
  const isKebab = ident.includes('-') && hasLetter;
  const isCamel = UPPER.test(ident) && LOWER.test(ident);
  return isSnake || isKebab || isCamel;
}

/** What the weight rules see in a name itself (bit flags): see nameTraits. */
export const SPECIFIC_NAME = 1;
export const PRIVATE_NAME = 2;

/** The name's own traits: SPECIFIC_NAME when long and snake/kebab/camel, PRIVATE_NAME when `_`-led. */
export function nameTraits(ident: string): number {
  let traits = 0;
  if (isSpecificIdentShape(ident) && codePointLength(ident) >= SPECIFIC_IDENT_MIN_LENGTH) traits |= SPECIFIC_NAME;
  if (ident.startsWith('_')) traits |= PRIVATE_NAME;
  return traits;
}

/**
 * nameTraits of a name stored one byte a character (Latin-1) in bytes[start, end), read in
 * place when it is ASCII: decoding a string per name for the rules left ~40 MB of garbage
 * strings on the kernel.
 */
export function latin1NameTraits(bytes: Uint8Array, start: number, end: number): number {
  let bits = 0;
  for (let i = start; i < end; i++) {
    const bit = shapeBit(bytes[i]!);
    if (bit < 0) return nameTraits(String.fromCharCode(...bytes.subarray(start, end)));
    bits |= bit;
  }
  let traits = 0;
  if (isSpecificShape(bits) && end - start >= SPECIFIC_IDENT_MIN_LENGTH) traits |= SPECIFIC_NAME;
  if (end > start && bytes[start] === 0x5f) traits |= PRIVATE_NAME;
  return traits;
}

/** The cumulative multiplier of an identifier's edges from its name's traits (SPEC A3). */
export function multiplierOf(traits: number, mentioned: boolean, definerCount: number): number {
  let mul = 1;
  if (mentioned) mul *= MENTIONED_IDENT_BOOST;
  if (traits & SPECIFIC_NAME) mul *= SPECIFIC_IDENT_BOOST;
  if (traits & PRIVATE_NAME) mul *= PRIVATE_IDENT_FACTOR;
  if (definerCount >= COMMON_IDENT_MIN_DEFINERS) mul *= COMMON_IDENT_FACTOR;
  return mul;
}

/** The cumulative multiplier of an identifier's edges (SPEC A3). */
export function identMultiplier(ident: string, definerCount: number, mentionedIdents: ReadonlySet<string>): number {
  return multiplierOf(nameTraits(ident), mentionedIdents.has(ident), definerCount);
}

/** Length in code points, as Python's len() counts (surrogate pairs count once). */
function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) length--;
  }
  return length;
}
