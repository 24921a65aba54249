// Kubernetes label selectors, as Services and NetworkPolicies use them.
// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
import { z } from 'zod';

export const labelSelectorSchema = z.object({
  matchLabels: z.record(z.string(), z.string()),
  matchExpressions: z.array(z.object({ key: z.string(), operator: z.string(), values: z.array(z.string()) })),
});
export type LabelSelector = z.infer<typeof labelSelectorSchema>;

/** A Service selector: equality on every key. An empty or missing one selects nothing. */
export function matchesServiceSelector(selector: Record<string, string> | null, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

/** A metav1.LabelSelector: an empty one selects everything. */
export function matchesLabelSelector(selector: LabelSelector, labels: Record<string, string>): boolean {
  // for…in, not Object.entries: this runs per pod and per policy, and allocates nothing.
  for (const key in selector.matchLabels) if (labels[key] !== selector.matchLabels[key]) return false;
  for (const { key, operator, values } of selector.matchExpressions) {
    const has = Object.hasOwn(labels, key);
    const value = labels[key];
    if (operator === 'In' && !(has && values.includes(value!))) return false;
    if (operator === 'NotIn' && has && values.includes(value!)) return false;
    if (operator === 'Exists' && !has) return false;
    if (operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** The selector keys whose value differs from (or is missing in) the labels. */
export function selectorMismatches(selector: Record<string, string>, labels: Record<string, string>): string[] {
  return Object.entries(selector).filter(([key, value]) => labels[key] !== value).map(([key]) => key);
}
