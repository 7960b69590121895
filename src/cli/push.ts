import type { Assessment } from '../assess/assess.js';
import { InputError, errorMessage } from '../errors.js';

export const PUSH_TOKEN_ENV = 'CHAINAUDIT_TOKEN';
const PUSH_TIMEOUT_MS = 120_000;
const MAX_ANSWER_BYTES = 64 * 1024;

export interface PushTarget {
  /** The runs endpoint: …/api/v1/projects/{id}/runs */
  endpoint: string;
  token: string;
}

/**
 * Checks `--push` before the audit starts, so a typo or a missing token fails at once rather than
 * after a long run. Accepts the project's page (…/projects/{id}) or its API runs endpoint.
 */
export function preparePush(url: string, env: NodeJS.ProcessEnv = process.env): PushTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(`--push ${url}: not a URL (expected https://server/projects/<project id>)`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new InputError(`--push ${url}: expected http(s)`);
  const m = /^(.*?)(?:\/api\/v1)?\/projects\/([^/]+)(?:\/runs)?\/?$/.exec(u.pathname);
  if (!m)
    throw new InputError(`--push ${url}: expected …/projects/<project id> or …/api/v1/projects/<project id>/runs`);
  const token = env[PUSH_TOKEN_ENV];
  if (!token)
    throw new InputError(`--push needs an API token in $${PUSH_TOKEN_ENV} (create one on the server's token page)`);
  return { endpoint: `${u.origin}${m[1]}/api/v1/projects/${m[2]}/runs`, token };
}

export interface PushResult {
  runId: string;
  duplicate: boolean;
  created: number;
  regressed: number;
  verified: number;
}

/** Uploads the run's report.json; the server stores a given run once however often it is pushed. */
export async function pushRun(target: PushTarget, assessment: Assessment): Promise<PushResult> {
  let res: Response;
  try {
    res = await fetch(target.endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(assessment),
      signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (err) {
    throw new InputError(`--push ${target.endpoint}: ${errorMessage((err as Error).cause ?? err)}`);
  }
  const text = (await res.text()).slice(0, MAX_ANSWER_BYTES);
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: reported below with the status
  }
  if (!res.ok)
    throw new InputError(
      `--push ${target.endpoint}: the server answered ${res.status}${body.error ? `: ${String(body.error)}` : ''}`,
    );
  if (typeof body.runId !== 'string')
    throw new InputError(`--push ${target.endpoint}: unexpected answer ${text.slice(0, 200)}`);
  return body as unknown as PushResult;
}
