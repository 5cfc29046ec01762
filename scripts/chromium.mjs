// Headless Chromium from the Debian package (never a downloaded browser) for the graph page's
// browser test and the README picture: one set of flags for running as root in CI.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

export const CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // WebGL on the CPU, opted in explicitly (otherwise Chromium warns on the console).
  '--enable-unsafe-swiftshader',
];

export function hasChromium() {
  return existsSync(CHROMIUM);
}

/** A browser with a fresh profile directory (under `dir`, or a new temporary one). */
export function launchChromium(dir = mkdtempSync(path.join(tmpdir(), 'repomap-chromium-'))) {
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, userDataDir: mkdtempSync(path.join(dir, 'profile-')), args: CHROMIUM_ARGS });
}
