// One trimmer per watched kind: the core kinds (trim.ts) and what stands in front of Services (trim-front.ts).
import type { KubeObject, WatchedKind } from '@/lib/graph/objects';
import { coreTrimmers } from './trim';
import { frontTrimmers } from './trim-front';

export const trimmers: Record<WatchedKind, (raw: unknown) => KubeObject | null> = { ...coreTrimmers, ...frontTrimmers };
