import type { Context, Federation, InboxContext } from "@fedify/fedify";
import type { Runtime } from "../runtime.ts";

/**
 * Fedify's objects with the process's runtime as their context data: a request, a delivery and an
 * inbox listener running in the queue reach the same Store, limits and configuration.
 */
export type P92Federation = Federation<Runtime>;
export type P92Context = Context<Runtime>;
export type P92InboxContext = InboxContext<Runtime>;

/** The process's federation context outside a request: delivery, a lookup, a signature check. */
export function contextOf(runtime: Runtime): P92Context {
  return runtime.federation.createContext(new URL(runtime.config.publicUrl), runtime);
}
