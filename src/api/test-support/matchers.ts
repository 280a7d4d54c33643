import { expect } from 'vitest';

// vitest's asymmetric matchers are typed `any`; these typed wrappers keep the tests' expected objects free of `any`.
export const anyString = (): string => expect.any(String) as string;
export const containing = (text: string): string => expect.stringContaining(text) as string;
export const matching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;
