// What every trimmer (trim.ts, trim-policy.ts, trim-front.ts) shares: an object's metadata
// as read from the apiserver and as kept, and the last check against the shared schema.
import { z } from 'zod';

export const rawMeta = z.object({
  uid: z.string(),
  name: z.string(),
  namespace: z.string().default(''),
  resourceVersion: z.string().default(''),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  // Read where an API keeps a field there (ingress class, default IngressClass); never kept.
  annotations: z.record(z.string(), z.string()).optional(),
  // Read by kinds whose status says which spec it observed (Gateway API routes).
  generation: z.number().optional(),
  ownerReferences: z.array(z.object({ kind: z.string(), name: z.string(), controller: z.boolean().optional() })).optional(),
});
export const named = <T extends z.ZodRawShape>(shape: T) => z.object({ metadata: rawMeta, ...shape });

type Meta = z.infer<typeof rawMeta>;
export function meta(metadata: Meta) {
  return {
    uid: metadata.uid,
    namespace: metadata.namespace,
    name: metadata.name,
    resourceVersion: metadata.resourceVersion,
    creationTimestamp: metadata.creationTimestamp,
    labels: metadata.labels ?? {},
  };
}

// The trimmed object must satisfy the shared schema; anything odd (a float port,
// say) drops the object rather than letting it reach the graph.
export function valid<T>(schema: z.ZodType<T>, value: unknown): T | null {
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}
