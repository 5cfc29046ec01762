/** Types of chromium.mjs for the TypeScript tests that import it. */
import type { Browser } from 'puppeteer-core';
export const CHROMIUM: string;
export function hasChromium(): boolean;
export function launchChromium(dir?: string): Promise<Browser>;
