import * as v from "valibot";

export interface FieldError {
  /** Dotted path to the offending field, e.g. `bioLinks.0.url`; empty for the whole value. */
  field: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[]; message: string };

/**
 * Checks untrusted input (from Instagram, from a person, from another server) against one of the
 * shared schemas and returns either the typed value or clear, field-named messages.
 */
export function validate<S extends v.GenericSchema>(schema: S, input: unknown): Validated<v.InferOutput<S>> {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  const errors = result.issues.map((issue) => ({
    field: v.getDotPath(issue) ?? "",
    message: issue.message,
  }));
  const message = errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join("; ");
  return { ok: false, errors, message };
}
