import { liveQuery } from "dexie";
import { useEffect, useState } from "preact/hooks";

/**
 * Re-renders with the result of `query` whenever the tables it read change (Dexie liveQuery).
 * `undefined` until the first result, so a component can tell "loading" from "empty".
 */
export function useLiveQuery<T>(query: () => Promise<T> | T, deps: readonly unknown[]): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: setValue,
      error: (error: unknown) => console.error("p92: a live query failed", error),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return value;
}
