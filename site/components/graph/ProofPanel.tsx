import { useEffect, useState } from "preact/hooks";
import type { Proof } from "../../../shared/graph.ts";
import { absoluteTime } from "../../i18n/index.ts";
import { t, tn } from "../../i18n/setup.ts";
import { askProofCode, checkProof, pendingProof } from "../../lib/graph-api.ts";
import type { Session } from "../../lib/settings.ts";
import { failureText } from "./messages.ts";

type Outcome = { kind: "proven"; handle: string; followersHere: number } | { kind: "error"; text: string };

/**
 * Proving the Instagram handle: a code to put in the bio, "Check now", then the server's verdict
 * (proven, with how many Instagram followers already follow here, or exactly why not).
 */
export function ProofPanel({
  session,
  claimed,
  proven,
}: {
  session: Session;
  claimed: string;
  /** The handle already proven for this account, if any. */
  proven: string | null;
}) {
  const [handle, setHandle] = useState(claimed);
  const [proof, setProof] = useState<Proof | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  // A code already in someone's bio must survive a reload: show it again rather than a new one.
  useEffect(() => {
    pendingProof(session)
      .then(({ proof: pending }) => {
        if (pending && pending.expiresAt > new Date().toISOString()) setProof(pending);
      })
      .catch(() => undefined);
  }, [session.token]);

  async function getCode(event: Event) {
    event.preventDefault();
    setBusy(true);
    setOutcome(null);
    try {
      setProof((await askProofCode(session, handle.trim() || undefined)).proof);
    } catch (error) {
      setOutcome({ kind: "error", text: failureText(error) });
    } finally {
      setBusy(false);
    }
  }

  async function check() {
    setBusy(true);
    setOutcome(null);
    try {
      // Keeps the account as the server now describes it, so the profile shows the proven handle.
      const answer = await checkProof(session);
      setProof(null);
      setOutcome({
        kind: "proven",
        handle: answer.account.instagram?.handle ?? handle,
        followersHere: answer.instagramFollowersHere,
      });
    } catch (error) {
      setOutcome({ kind: "error", text: failureText(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="proof-title" class="graph-proof">
      <h2 id="proof-title">{t("graph.proofTitle")}</h2>
      {proven && !outcome && <p>{t("graph.provenAs", { handle: proven })}</p>}
      <p>{t("graph.proofHelp", { handle: handle || "…" })}</p>
      <form onSubmit={getCode}>
        <label for="proof-handle">{t("graph.handleLabel")}</label>
        <input
          id="proof-handle"
          value={handle}
          autocomplete="off"
          spellcheck={false}
          onInput={(e) => setHandle(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy}>
          {t("graph.getCode")}
        </button>
      </form>
      {proof && (
        <div class="graph-code">
          <p>
            <strong data-testid="proof-code">{t("graph.codeIs", { code: proof.code })}</strong>
          </p>
          <p>{t("graph.codeSteps", { time: absoluteTime(proof.expiresAt) })}</p>
          {proof.provenBy && <p>{t("graph.provenElsewhere", { handle: proof.handle })}</p>}
          <button type="button" disabled={busy} onClick={() => void check()}>
            {t("graph.checkNow")}
          </button>
        </div>
      )}
      {busy && proof && <p class="muted">{t("graph.checking")}</p>}
      {outcome?.kind === "proven" && (
        <p role="status">
          {t("graph.provenAs", { handle: outcome.handle })} {tn("graph.followersHere", outcome.followersHere)}
        </p>
      )}
      {outcome?.kind === "error" && (
        <p role="alert" class="error">
          {outcome.text}
        </p>
      )}
    </section>
  );
}
