import packageJson from "../../package.json" with { type: "json" };

/** The server's version, as package.json says: /api/health and NodeInfo report it. */
export const SERVER_VERSION: string = packageJson.version;
