'use client';
import { useEffect, useState } from 'react';

/** Now, ticking every `everyMs` (labels like "3 min ago" and the history bar's end follow it). */
export function useNow(everyMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
