/** Now, as every stored time is written: ISO 8601 in UTC, to the millisecond. */
export function now(): string {
  return new Date().toISOString();
}
