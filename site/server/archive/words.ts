import * as v from "valibot";
import { ARCHIVE_FILES as F } from "../../../shared/archive.ts";

/**
 * The words of an archive meant for a person (README.txt, posts.html) in the language the site
 * showed when they asked for it, and its dates in their time zone. The JSON files have no words.
 */

export const ARCHIVE_LANGUAGES = ["en", "fr"] as const;
export type ArchiveLanguage = (typeof ARCHIVE_LANGUAGES)[number];

export const ArchiveWordsSchema = v.strictObject({
  language: v.optional(v.picklist(ARCHIVE_LANGUAGES), "en"),
  /** An IANA time zone (Europe/Paris); one Intl does not know is refused. */
  timeZone: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(64),
      v.check(knownTimeZone, "timeZone: an IANA time zone, such as Europe/Paris"),
    ),
    "UTC",
  ),
});
export type ArchiveWords = v.InferOutput<typeof ArchiveWordsSchema>;

function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

interface Texts {
  readme: string;
  postsOf: (handle: string) => string;
  exported: (server: string, when: string) => string;
  edited: (when: string) => string;
  replyTo: string;
  quoting: string;
  contentWarning: string;
  sensitive: string;
  visibility: Record<"public" | "unlisted" | "followers", string>;
}

/** README.txt: a title, then each file with what it holds. */
function readme(title: string, files: Record<Exclude<keyof typeof F, "readme">, string>): string {
  const width = Math.max(...Object.keys(files).map((key) => F[key as keyof typeof files].length));
  const lines = Object.entries(files).map(
    ([key, what]) => `${F[key as keyof typeof files].padEnd(width)}  ${what}`,
  );
  return `${title}\n\n${lines.join("\n")}\n`;
}

const TEXTS: Record<ArchiveLanguage, Texts> = {
  en: {
    readme: readme("This is your P92 archive.", {
      manifest: "what this is: the server, the account, when",
      profile: "your profile; its picture is in media/",
      posts: "your posts (newest first), with their dates, photos and videos",
      page: "the same posts as a page to open in a browser",
      media: "the photos and videos of your posts, and your profile picture",
      followers: "who follows you, as user@server",
      following: "whom you follow, as user@server",
      requested: "whom you asked to follow and who has not answered yet",
      blocked: "whom you blocked",
      muted: "whom you muted",
      likes: "the posts you liked, by their address",
      reposts: "the posts you reposted, by their address",
      instagram: "the Instagram lists you uploaded",
    }),
    postsOf: (handle) => `Posts of @${handle}`,
    exported: (server, when) => `Exported from ${server} on ${when}.`,
    edited: (when) => `edited ${when}`,
    replyTo: "in reply to",
    quoting: "quoting",
    contentWarning: "Content warning:",
    sensitive: "sensitive media",
    visibility: { public: "public", unlisted: "unlisted", followers: "followers only" },
  },
  fr: {
    readme: readme("Ceci est votre archive P92.", {
      manifest: "ce que c’est : le serveur, le compte, la date",
      profile: "votre profil ; sa photo est dans media/",
      posts: "vos publications (les plus récentes d’abord), avec leurs dates, photos et vidéos",
      page: "les mêmes publications, en page à ouvrir dans un navigateur",
      media: "les photos et vidéos de vos publications, et votre photo de profil",
      followers: "qui vous suit, sous la forme utilisateur@serveur",
      following: "qui vous suivez, sous la forme utilisateur@serveur",
      requested: "qui vous avez demandé à suivre, sans réponse encore",
      blocked: "qui vous avez bloqué",
      muted: "qui vous avez masqué",
      likes: "les publications que vous avez aimées, par leur adresse",
      reposts: "les publications que vous avez republiées, par leur adresse",
      instagram: "les listes Instagram que vous avez importées",
    }),
    postsOf: (handle) => `Publications de @${handle}`,
    exported: (server, when) => `Exportées de ${server} le ${when}.`,
    edited: (when) => `modifiée le ${when}`,
    replyTo: "en réponse à",
    quoting: "citant",
    contentWarning: "Avertissement :",
    sensitive: "médias sensibles",
    visibility: { public: "publique", unlisted: "non listée", followers: "abonnés seulement" },
  },
};

/** The texts of one archive, and how it writes a date. */
export function archiveTexts(words: ArchiveWords): Texts & { date: (iso: string) => string } {
  const format = new Intl.DateTimeFormat(words.language, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: words.timeZone,
  });
  return { ...TEXTS[words.language], date: (iso) => format.format(new Date(iso)) };
}
