import { useRef, useState } from "preact/hooks";
import type { AdminReport } from "../../../shared/admin-api.ts";
import { serverOfHandle } from "../../../shared/input-rules.ts";
import { absoluteTime, relativeTime } from "../../i18n/index.ts";
import { t, tn } from "../../i18n/admin.ts";
import type { AdminApi } from "../../lib/admin.ts";
import { askModeration } from "./moderation-dialog.tsx";
import { Failure, MoreButton, usePages } from "./use-pages.tsx";

type Status = "open" | "resolved";

/**
 * The reports to this server, newest first: open ones (to act on) or resolved ones. Each shows
 * what was reported as it was then (text only: it comes from anyone) and, open, the actions that
 * answer it: dismiss, delete the post, suspend the account, block the server of someone elsewhere.
 */
export function ReportQueue(props: { api: AdminApi; changes: number; onChange: () => void }) {
  const { api } = props;
  const [status, setStatus] = useState<Status>("open");
  const {
    items: reports,
    failure,
    more,
  } = usePages(
    (before) => api.reports(status, before).then((page) => ({ items: page.reports, next: page.next })),
    [status, props.changes],
  );
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <section aria-labelledby="admin-reports-title">
      <h2 id="admin-reports-title" ref={heading} tabIndex={-1}>
        {t("admin.reports")}
      </h2>
      <div class="admin-filter" role="group" aria-label={t("admin.whichReports")}>
        {(["open", "resolved"] as const).map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={status === option ? "true" : "false"}
            onClick={() => setStatus(option)}
          >
            {t(`admin.status.${option}`)}
          </button>
        ))}
      </div>
      <Failure text={failure} />
      {reports?.length === 0 && <p class="muted">{t(`admin.empty.${status}`)}</p>}
      {reports && reports.length > 0 && (
        <ul class="admin-reports">
          {reports.map((report) => (
            <li key={report.id}>
              <ReportCard
                report={report}
                act={(request, texts) => askModeration(api, request, texts, heading.current, props.onChange)}
              />
            </li>
          ))}
        </ul>
      )}
      <MoreButton more={more} />
    </section>
  );
}

function ReportCard({
  report,
  act,
}: {
  report: AdminReport;
  act: (request: Parameters<typeof askModeration>[1], texts: Parameters<typeof askModeration>[2]) => void;
}) {
  const { account, post } = report.reported;
  const server = serverOfHandle(report.account);
  const titleId = `admin-report-${report.id}`;
  const mediaCount = post?.media.length ?? 0;
  return (
    <article class="admin-report" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {t(report.postId ? "admin.aboutPost" : "admin.aboutAccount", { handle: report.account })}
      </h3>
      <p class="muted">
        {t(`report.reason.${report.reason}`)} · {t("admin.by", { handle: report.reporter })} ·{" "}
        <time dateTime={report.createdAt} title={absoluteTime(report.createdAt)}>
          {relativeTime(report.createdAt)}
        </time>
        {report.forwarded && ` · ${t("admin.forwarded", { server: server ?? "" })}`}
      </p>
      {report.comment && (
        <p class="admin-text" dir="auto">
          {report.comment}
        </p>
      )}
      <div class="admin-reported" role="group" aria-label={t("admin.asReported")}>
        <p>
          <strong dir="auto">{account.displayName || account.handle}</strong>{" "}
          <span class="muted">@{account.handle}</span>
        </p>
        {post ? (
          <>
            {post.contentWarning && (
              <p class="muted" dir="auto">
                {t("admin.contentWarning", { warning: post.contentWarning })}
              </p>
            )}
            <p class="admin-text" dir="auto">
              {post.text}
            </p>
            {mediaCount > 0 && <p class="muted">{tn("admin.media", mediaCount)}</p>}
          </>
        ) : (
          account.bio && (
            <p class="admin-text" dir="auto">
              {account.bio}
            </p>
          )
        )}
      </div>
      {report.status === "open" && (
        <div class="admin-actions">
          <button
            type="button"
            onClick={() =>
              act(
                { action: "dismiss", reportId: report.id },
                {
                  title: t("admin.dismissTitle"),
                  body: t("admin.dismissBody", { handle: report.account }),
                  confirm: t("admin.dismiss"),
                  done: t("admin.dismissed"),
                },
              )
            }
          >
            {t("admin.dismiss")}
          </button>
          {report.postId && (
            <button
              type="button"
              class="danger"
              onClick={() =>
                act(
                  { action: "delete_post", postId: report.postId!, reportId: report.id },
                  {
                    title: t("admin.deleteTitle", { handle: report.account }),
                    body: t(server ? "admin.deleteBodyElsewhere" : "admin.deleteBody"),
                    confirm: t("admin.deletePost"),
                    done: t("admin.deleted"),
                    danger: true,
                  },
                )
              }
            >
              {t("admin.deletePost")}
            </button>
          )}
          <button
            type="button"
            class="danger"
            onClick={() =>
              act(
                { action: "suspend", handle: report.account, reportId: report.id },
                {
                  title: t("admin.suspendTitle", { handle: report.account }),
                  body: t(server ? "admin.suspendBodyElsewhere" : "admin.suspendBody"),
                  confirm: t("admin.suspend"),
                  done: t("admin.suspended", { handle: report.account }),
                  danger: true,
                },
              )
            }
          >
            {t("admin.suspendAccount", { handle: report.account })}
          </button>
          {server && (
            <button
              type="button"
              class="danger"
              onClick={() =>
                act(
                  { action: "block_domain", domain: server, reportId: report.id },
                  {
                    title: t("admin.blockTitle", { server }),
                    body: t("admin.blockBody"),
                    confirm: t("admin.block"),
                    done: t("admin.blocked", { server }),
                    danger: true,
                  },
                )
              }
            >
              {t("admin.blockServer", { server })}
            </button>
          )}
        </div>
      )}
    </article>
  );
}
