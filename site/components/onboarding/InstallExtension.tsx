import { useEffect, useState } from "preact/hooks";
import { t } from "../../i18n/setup.ts";

/**
 * Where the built extension packages are served: `npm run zip` makes them in extension/.output;
 * the build copies them here (see site/README.md).
 */
export const PACKAGES = { chrome: "/downloads/p92-chrome.zip", firefox: "/downloads/p92-firefox.zip" };

export function InstallExtension() {
  // Which packages this server has; links show at once and go away if a package is missing.
  const [available, setAvailable] = useState({ chrome: true, firefox: true });
  useEffect(() => {
    const check = (url: string) =>
      fetch(url, { method: "HEAD" }).then(
        (r) => r.ok,
        () => false,
      );
    void Promise.all([check(PACKAGES.chrome), check(PACKAGES.firefox)]).then(([chrome, firefox]) =>
      setAvailable({ chrome, firefox }),
    );
  }, []);
  return (
    <section aria-labelledby="install-title">
      <h3 id="install-title">{t("onboarding.installTitle")}</h3>
      {available.chrome || available.firefox ? (
        <p class="downloads">
          {available.chrome && (
            <a class="button primary" href={PACKAGES.chrome} download>
              {t("onboarding.installChrome")}
            </a>
          )}{" "}
          {available.firefox && (
            <a class="button" href={PACKAGES.firefox} download>
              {t("onboarding.installFirefox")}
            </a>
          )}
        </p>
      ) : (
        <p class="warn">{t("onboarding.packagesMissing")}</p>
      )}
      <ol>
        <li>{t("onboarding.installStep1")}</li>
        <li>{t("onboarding.installStep2")}</li>
        <li>{t("onboarding.installStep3")}</li>
      </ol>
    </section>
  );
}
