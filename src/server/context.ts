import type { ServerFrameworks } from './catalog.js';
import type { Db } from './db/connect.js';
import type { Monitor } from './monitoring/service.js';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the sign-in button. */
  label: string;
}

export interface ServerConfig {
  /** Where people reach the server (links, OIDC redirect): e.g. https://audit.example.org */
  publicUrl: string;
  /** Session cookies carry Secure; only an explicit local-testing flag turns it off. */
  secureCookies: boolean;
  oidc?: OidcSettings;
  /** Requests per minute per client on the API, and sign-in attempts per 15 minutes per account and address. */
  rateLimit: { perMinute: number; loginPer15Min: number };
  sessionHours: number;
  /** Biggest report.json accepted, in bytes. */
  maxReportBytes: number;
}

export const DEFAULT_CONFIG: Omit<ServerConfig, 'publicUrl'> = {
  secureCookies: true,
  rateLimit: { perMinute: 600, loginPer15Min: 10 },
  sessionHours: 12,
  maxReportBytes: 64 * 1024 * 1024,
};

/** What every route needs: the database, the frameworks and check metadata (for re-assessment), settings. */
export interface ServerContext {
  db: Db;
  /** The built-in frameworks, their check mappings and the checks' metadata, loaded once in the background. */
  frameworks(): Promise<ServerFrameworks>;
  config: ServerConfig;
  toolVersion: string;
  /** Schedules, the job queue, retests and alerts; absent in one-off commands (create-admin). */
  monitor?: Monitor;
}
