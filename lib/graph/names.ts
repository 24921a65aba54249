// Kubernetes' rules for the names svcmap is handed (URL values, API parameters), checked
// the same way on the server (a 400 before anything reaches a cluster) and in the page
// (a namespace= it cannot show is named, not silently shown as empty). Pure.
import { z } from 'zod';

// RFC 1123 label, the rule for namespace names (kubectl create namespace enforces it).
const namespaceName = z
  .string()
  .max(63, 'is longer than 63 characters')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be lowercase letters, digits and "-", starting and ending with a letter or digit');

// RFC 1123 subdomain, the rule for most object names.
const objectName = z
  .string()
  .max(253, 'is longer than 253 characters')
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be lowercase letters, digits, "-" and ".", starting and ending with a letter or digit');

/** What is wrong with a namespace name ("must be lowercase …"), or undefined when it is valid. */
export function namespaceNameProblem(name: string): string | undefined {
  return namespaceName.safeParse(name).error?.issues[0]?.message;
}

/** What is wrong with an object name, or undefined when it is valid. */
export function objectNameProblem(name: string): string | undefined {
  return objectName.safeParse(name).error?.issues[0]?.message;
}

/** `Namespace "x" must be …` for the first invalid name of a namespace= list, or undefined. */
export function namespacesProblem(names: readonly string[]): string | undefined {
  for (const name of names) {
    const problem = namespaceNameProblem(name);
    if (problem) return `Namespace "${printable(name)}" ${problem}.`;
  }
  return undefined;
}

/** A value as it can be quoted in a message: control characters replaced, at most 80 characters. */
export function printable(value: string): string {
  const shown = value.replace(/[\u0000-\u001f\u007f]/g, '?');
  return shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
}
