/**
 * Key naming of the remote tier: `repomap:v<schema>:<namespace>:<kind>:<fingerprint>:<hash>`.
 * Every part is content-addressed (content hashes, grammar fingerprints, renderer versions), so
 * the same key means the same value on every machine; no key names a local path.
 */

/**
 * Bumped whenever a remote encoding changes (value-codec's layout, or what a kind's payload
 * holds), so clients of different versions never read each other's entries.
 */
export const REMOTE_SCHEMA_VERSION = 1;

export type RemoteKind = 'tags' | 'map' | 'lock';

/** The namespace when none is configured: one cache shared by everyone who uses the server. */
export const DEFAULT_NAMESPACE = 'shared';

/** Namespaces are single key segments: letters, digits and `._-`. */
export const NAMESPACE_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export function remoteKey(namespace: string, kind: RemoteKind, fingerprint: string, hash: string): string {
  return `repomap:v${REMOTE_SCHEMA_VERSION}:${namespace}:${kind}:${fingerprint}:${hash}`;
}
