import { useRef, useState } from "preact/hooks";
import { readDomain } from "../../../shared/input-rules.ts";
import { t } from "../../i18n/admin.ts";
import type { AdminApi } from "../../lib/admin.ts";
import { askModeration } from "./moderation-dialog.tsx";
import { Failure, MoreButton, usePages } from "./use-pages.tsx";

/**
 * The blocked servers: a form to block one by name, the list (P92_BLOCKED_DOMAINS' marked as
 * set by the server's configuration, the admins' with Unblock).
 */
export function DomainBlocks(props: { api: AdminApi; changes: number; onChange: () => void }) {
  const { api } = props;
  const {
    items: domains,
    failure,
    more,
  } = usePages(
    (after) => api.domains(after).then((page) => ({ items: page.domains, next: page.next })),
    [props.changes],
  );
  const [typed, setTyped] = useState("");
  const [invalid, setInvalid] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const block = (event: Event) => {
    event.preventDefault();
    const domain = readDomain(typed);
    if (domain === null) {
      setInvalid("");
      requestAnimationFrame(() => setInvalid(t("admin.badDomain")));
      field.current?.focus();
      return;
    }
    setInvalid("");
    askModeration(
      api,
      { action: "block_domain", domain },
      {
        title: t("admin.blockTitle", { server: domain }),
        body: t("admin.blockBody"),
        confirm: t("admin.block"),
        done: t("admin.blocked", { server: domain }),
        danger: true,
      },
      field.current,
      () => {
        setTyped("");
        props.onChange();
      },
    );
  };
  return (
    <section aria-labelledby="admin-domains-title">
      <h2 id="admin-domains-title" ref={heading} tabIndex={-1}>
        {t("admin.domains")}
      </h2>
      <p class="muted">{t("admin.domainsLead")}</p>
      <form class="admin-domain-form" noValidate onSubmit={block}>
        <label for="admin-domain">{t("admin.domainLabel")}</label>
        <input
          ref={field}
          id="admin-domain"
          type="text"
          inputMode="url"
          autoComplete="off"
          spellcheck={false}
          maxLength={253}
          placeholder="spam.example"
          value={typed}
          aria-invalid={invalid ? "true" : undefined}
          aria-describedby="admin-domain-error"
          onInput={(event) => setTyped(event.currentTarget.value)}
        />
        <button type="submit">{t("admin.block")}</button>
        <p id="admin-domain-error" class="error" role="alert">
          {invalid}
        </p>
      </form>
      <Failure text={failure} />
      {domains?.length === 0 && <p class="muted">{t("admin.noDomains")}</p>}
      {domains && domains.length > 0 && (
        <ul class="relation-list">
          {domains.map((blocked) => (
            <li key={blocked.domain}>
              <span dir="ltr">{blocked.domain}</span>{" "}
              {blocked.configured ? (
                <span class="muted">{t("admin.configured")}</span>
              ) : (
                <button
                  type="button"
                  onClick={() =>
                    askModeration(
                      api,
                      { action: "unblock_domain", domain: blocked.domain },
                      {
                        title: t("admin.unblockTitle", { server: blocked.domain }),
                        body: t("admin.unblockBody"),
                        confirm: t("admin.unblock"),
                        done: t("admin.unblocked", { server: blocked.domain }),
                      },
                      heading.current,
                      props.onChange,
                    )
                  }
                >
                  {t("admin.unblockServer", { server: blocked.domain })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <MoreButton more={more} />
    </section>
  );
}
