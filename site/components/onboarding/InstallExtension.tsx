import { useEffect, useState } from "preact/hooks";
import { t } from "../../i18n/index.ts";

/**
 * Where the built extension packages are served: `npm run zip` makes them in extension/.output;
 * the build copies them here (see site/README.md).
 */
export const PACKAGES = { chrome: "/downloads/p92-chrome.zip", firefox: "/downloads/p92-firefox.zip" };

export function InstallExtension() {
  const [available, setAvailable] = useState<boolean | null>(null);
  useEffect(() => {
    fetch(PACKAGES.chrome, { method: "HEAD" }).then(
      (r) => setAvailable(r.ok),
      () => setAvailable(false),
    );
  }, []);
  return (
    <section aria-labelledby="install-title">
      <h3 id="install-title">{t("onboarding.installTitle")}</h3>
      {available !== false ? (
        <p class="downloads">
          <a class="button primary" href={PACKAGES.chrome} download>
            {t("onboarding.installChrome")}
          </a>{" "}
          <a class="button" href={PACKAGES.firefox} download>
            {t("onboarding.installFirefox")}
          </a>
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
