import {
  extensionMessage,
  type BridgeBody,
  type ExtensionMessage,
  type PageMessage,
} from "../../../shared/bridge.ts";

/** A window whose extension answers are posted by the test. */
export function fakePage() {
  const listeners = new Set<(event: MessageEvent) => void>();
  const sent: PageMessage[] = [];
  const win = {
    location: { origin: "http://localhost:4321" },
    addEventListener: (_type: string, listener: (event: MessageEvent) => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: (event: MessageEvent) => void) =>
      listeners.delete(listener),
    postMessage: (message: PageMessage) => sent.push(message),
  } as unknown as Window;
  const reply = (body: BridgeBody<ExtensionMessage>) => {
    const event = { data: extensionMessage(body), origin: win.location.origin, source: win } as MessageEvent;
    for (const listener of listeners) listener(event);
  };
  return { win, sent, reply };
}
