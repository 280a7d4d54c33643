import type { Attribute } from './session-description.js';

/**
 * Small helpers over an `a=` list. Attribute names are compared exactly: RFC 8866 attribute names are case-sensitive
 * tokens and every peer we meet writes the registered names in lower case.
 */

/** The values of every `a=<name>:<value>` in order; property attributes (no value) are skipped. */
export function attributeValues(attributes: readonly Attribute[], name: string): string[] {
  const values: string[] = [];
  for (const a of attributes) if (a.name === name && a.value !== undefined) values.push(a.value);
  return values;
}

/** The value of the first `a=<name>:<value>`, or undefined. */
export function firstAttributeValue(attributes: readonly Attribute[], name: string): string | undefined {
  return attributes.find((a) => a.name === name && a.value !== undefined)?.value;
}

/** True when some attribute has this name, with or without a value. */
export function hasAttribute(attributes: readonly Attribute[], name: string): boolean {
  return attributes.some((a) => a.name === name);
}
