// One object as the details panel shows it, as \`kubectl get -o yaml\` would: every field the
// apiserver sent (also those newer than any client library's models), without managedFields
// (bookkeeping, not the object), keys in the apiserver's order, and written as YAML 1.1 —
// what kubectl reads — so a value like \`on\`, \`yes\` or \`2026-01-01\` stays a quoted string
// when it is copied back into a manifest.
import { stringify } from 'yaml';

export function objectAsYaml(object: Record<string, unknown>): { object: Record<string, unknown>; yaml: string } {
  const { apiVersion, kind, metadata, ...rest } = object;
  const shownMetadata = { ...(metadata as Record<string, unknown> | undefined) };
  delete shownMetadata.managedFields;
  const shown = { apiVersion, kind, metadata: shownMetadata, ...rest };
  return { object: shown, yaml: stringify(shown, { version: '1.1' }) };
}
