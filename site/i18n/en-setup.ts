/**
 * The English strings of getting set up (onboarding, the Instagram graph): only the parts that
 * show them load them, through i18n/setup.ts, so the feed does not carry them.
 */
export const enSetup = {
  "onboarding.title": "Welcome to P92",
  "onboarding.lead":
    "Bring your Instagram identity and the people you follow, then post up to 500 characters on a server you choose.",
  "onboarding.detecting": "Looking for the P92 extension…",
  "onboarding.installTitle": "Install the P92 extension",
  "onboarding.installChrome": "Download for Chrome, Edge, Brave",
  "onboarding.installFirefox": "Download for Firefox",
  "onboarding.installStep1": "Download the package for your browser and unzip it.",
  "onboarding.installStep2":
    "Chrome: open chrome://extensions, turn on Developer mode, click Load unpacked. Firefox: open about:debugging, This Firefox, Load Temporary Add-on.",
  "onboarding.installStep3": "Sign in to instagram.com, then come back to this page.",
  "onboarding.packagesMissing":
    "The packages are not built on this server yet: run npm run zip, or load the extension from the source as the README explains.",
  "onboarding.or": "Or, without the extension",
  "onboarding.exportTitle": "Import your Instagram data export",
  "onboarding.exportHelp":
    "In Instagram, ask for “Download your information” in JSON. Pick the ZIP file (or the JSON files inside it). It is read on this device: nothing is sent anywhere until you create an account.",
  "onboarding.exportPick": "Choose the ZIP or JSON files",
  "onboarding.exportReading": "Reading your export…",
  "onboarding.exportFailed": "This export could not be read: {reason}",
  "onboarding.importTitle": "Import from Instagram",
  "onboarding.importHelp":
    "The extension reads your profile and the people you follow from instagram.com, where you are signed in. It takes a few minutes for long lists.",
  "onboarding.importButton": "Import from Instagram",
  "onboarding.importFollowing": "Following",
  "onboarding.importFollowers": "Followers",
  "onboarding.importProgress": "{list}: {fetched} of {total}",
  "onboarding.importProgressUnknown": "{list}: {fetched}",
  "onboarding.importFailed": "The import stopped: {reason}",
  "onboarding.importDone": "Import finished",
  "onboarding.importConfirm":
    "Confirm in the P92 window that opened: the extension asks whether this site may start the import.",
  "onboarding.importDeclined":
    "The import was not started: it was cancelled in the P92 window. Click Import from Instagram to be asked again.",
  "onboarding.previewTitle": "Your profile, as imported",
  "onboarding.followers": "{count} followers",
  "onboarding.followingCount": "{count} following",
  "onboarding.createTitle": "Create your P92 account",
  "onboarding.serverUrl": "Server",
  "onboarding.handle": "Handle",
  "onboarding.password": "Password (at least 8 characters)",
  "onboarding.create": "Create my account",
  "onboarding.creating": "Creating your account…",
  "onboarding.createFailed": "The account was not created: {reason}",
  "onboarding.signInInstead": "I already have an account: sign in",
  "onboarding.signIn": "Sign in",

  "graph.title": "Instagram on P92",
  "graph.signInFirst": "Sign in to prove your Instagram handle and find your people.",
  "graph.proofTitle": "Prove your Instagram handle",
  "graph.proofHelp":
    "Anyone can type a handle. To show “@{handle} on Instagram” as proven, put a code in your Instagram bio: this server then reads your public profile and checks it.",
  "graph.handleLabel": "Instagram handle",
  "graph.getCode": "Get a code",
  "graph.codeIs": "Your code: {code}",
  "graph.codeSteps":
    "Add this code anywhere in your Instagram bio and save, then press Check now. It is valid until {time}. You can remove it from your bio afterwards.",
  "graph.checkNow": "Check now",
  "graph.checking": "Checking your Instagram profile…",
  "graph.provenAs": "@{handle} on Instagram is proven as yours.",
  "graph.provenElsewhere":
    "@{handle} is currently proven by another P92 account; a proof with your code moves it to you.",
  "graph.followersHere_one": "{count} person who follows you on Instagram already follows you here.",
  "graph.followersHere_other": "{count} people who follow you on Instagram already follow you here.",
  "graph.error.code_not_in_bio": "The code is not in your Instagram bio yet. Add it, save, then check again.",
  "graph.error.proof_expired": "This code has expired. Get a new one.",
  "graph.error.instagram_proven_elsewhere":
    "Another P92 account proved this handle. Put your code in its Instagram bio to move it to you.",
  "graph.error.instagram_rate_limited":
    "Instagram is limiting this server right now. Try again in a few minutes.",
  "graph.error.instagram_user_not_found": "Instagram has no account with this handle.",
  "graph.error.instagram_unreachable": "Instagram could not be reached. Try again later.",
  "graph.error.rate_limited": "Too many checks. Wait a while before trying again.",
  "graph.uploadTitle": "Find your people",
  "graph.uploadConsent":
    "We upload only the handles of the accounts you follow and who follow you on Instagram, to find them here. Nothing else about them leaves this device.",
  "graph.upload": "Upload and find them",
  "graph.uploadDecline": "No thanks",
  "graph.uploadDeclined": "Your lists stay on this device. You can change your mind here at any time.",
  "graph.uploading": "Uploading the handles…",
  "graph.uploaded": "Uploaded: {following} following, {followers} followers.",
  "graph.nothingImported": "Nothing is imported on this device yet: import from Instagram first.",
  "graph.autoFollow": "When people I follow on Instagram join P92, follow them automatically",
  "graph.matchesTitle": "People you follow on Instagram who are on P92 ({count})",
  "graph.followAll": "Follow all ({count})",
  "graph.followedAll_one": "You now follow {count} more person.",
  "graph.followedAll_other": "You now follow {count} more people.",
  "graph.noMatches": "Nobody else yet. When they prove their handle, they appear here.",
  "graph.follow": "Follow",
  "graph.failed": "That did not work: {reason}",
} as const;
