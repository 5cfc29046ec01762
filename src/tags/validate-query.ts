/**
 * Checks a tags query's capture names when it is loaded, so a typo in a `.scm` file is an error
 * that names the file and lists what is allowed, never a silently ignored capture.
 */
import { QueryError } from '../errors.js';

/** Helper captures used only by predicates start with `_`; `doc` and `ignore` are tolerated. */
const VALID_CAPTURE = /^(name|doc|ignore|_\w*|(definition|reference)\.[a-z][a-z_]*)$/;

export const VALID_CAPTURES_TEXT = '@name, @definition.<kind>, @reference.<kind>, @doc, @ignore, @_<helper>';

export function validateCaptureNames(queryFile: string, captureNames: readonly string[]): void {
  const invalid = captureNames.filter((name) => !VALID_CAPTURE.test(name));
  if (invalid.length > 0) {
    const listed = invalid.map((name) => `@${name}`).join(', ');
    throw new QueryError(`${queryFile}: unknown capture ${listed}; expected ${VALID_CAPTURES_TEXT}`);
  }
  if (!captureNames.includes('name')) {
    throw new QueryError(`${queryFile}: no @name capture; every pattern names what it defines or references`);
  }
}

/** Splits a role capture such as `definition.function` into its role and kind. */
export function parseRoleCapture(captureName: string): { role: 'definition' | 'reference'; kind: string } | undefined {
  if (captureName.startsWith('definition.')) return { role: 'definition', kind: captureName.slice(11) };
  if (captureName.startsWith('reference.')) return { role: 'reference', kind: captureName.slice(10) };
  return undefined;
}
