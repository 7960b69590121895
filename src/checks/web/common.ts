import { readTextFileSync } from '../../clients/files.js';
import { header, type HttpResponse } from '../../clients/http.js';
import { errorMessage } from '../../errors.js';
import type { Evidence } from '../../model.js';
import { fetchCertificates, parseCertificate, type CertificateFetch } from '../../analyzers/tls/certificates.js';
import { PROTOCOLS, PROTOCOL_LABEL, type ProtocolOrTlcp } from '../../analyzers/tls/registry.js';
import { scanTls, type TlsScan } from '../../analyzers/tls/scan.js';
import { suiteName } from '../../analyzers/tls/suites.js';
import { fetchPage, sameHostAllowed, type FetchedPage } from '../../analyzers/web/fetch.js';
import { parseHtml, resolveUrl, type PageDocument } from '../../analyzers/web/html.js';
import type { Target, TargetOf } from '../../scope/schema.js';
import type { CheckContext, CheckResult } from '../types.js';

/** Shared probes of the web checks: each runs once per run and target (ctx.memo), every check reads it. */

export type TlsTarget = TargetOf<'web'> | TargetOf<'evm-node'> | TargetOf<'bitcoin-node'>;
export type WebTarget = TargetOf<'web'>;
export const TLS_TARGET_KINDS: ('web' | 'evm-node' | 'bitcoin-node')[] = ['web', 'evm-node', 'bitcoin-node'];

export interface TlsEndpoint {
  url: URL;
  host: string;
  port: number;
  /** The name sent as SNI and checked against the certificate. */
  servername: string;
}

/** The https endpoint a TLS check looks at, or the reason there is none (an http:// URL). */
export function tlsEndpoint(target: Target): TlsEndpoint | { notApplicable: string } {
  const raw =
    target.kind === 'web' ? target.url : target.kind === 'evm-node' || target.kind === 'bitcoin-node' ? target.rpc : '';
  const url = new URL(raw);
  if (url.protocol !== 'https:')
    return {
      notApplicable: `${url.origin} is served over plain ${url.protocol.replace(':', '').toUpperCase()}; TLS checks apply to https:// endpoints`,
    };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { url, host, port: Number(url.port || 443), servername: host };
}

export function notApplicable(message: string): CheckResult[] {
  return [{ status: 'not-applicable', message, result: 'not-applicable' }];
}

export const NOT_APPLICABLE_RESULT = {
  'not-applicable': { title: 'The target has no https endpoint (or no such feature)' },
};
export const ERROR_RESULT = { unreachable: { title: 'The endpoint could not be examined' } };

export function tlsScanFor(ctx: CheckContext, ep: TlsEndpoint): Promise<TlsScan> {
  return ctx.memo(`web:tls-scan:${ep.host}:${ep.port}:${ep.servername}`, () =>
    scanTls({ host: ep.host, port: ep.port, servername: ep.servername, signal: ctx.signal }),
  );
}

/** An `error` result when the scan saw no TLS at all; undefined when there is something to judge. */
export function scanFailure(scan: TlsScan, ep: TlsEndpoint): CheckResult | undefined {
  if (PROTOCOLS.some((p) => scan.protocols[p].offered) || scan.protocols.tlcp.offered) return undefined;
  const why = scan.unreachable ?? scan.anomalies[0] ?? 'every ClientHello was refused';
  return {
    status: 'error',
    result: 'unreachable',
    message: `${ep.host}:${ep.port} completed no TLS or TLCP handshake: ${why}`,
    evidence: [
      { label: 'handshakes', value: String(scan.handshakes) },
      ...scan.anomalies.slice(0, 3).map((a) => ({ label: 'anomaly', value: a.slice(0, 200) })),
    ],
  };
}

export function protocolEvidence(scan: TlsScan): Evidence[] {
  const order: ProtocolOrTlcp[] = [...PROTOCOLS, 'tlcp'];
  return order.map((p) => {
    const r = scan.protocols[p];
    return {
      label: PROTOCOL_LABEL[p],
      value: r.offered
        ? `offered${r.suites.length ? ` (${r.suites.length} suites)` : ''}`
        : `not offered${r.note ? ` (${r.note.slice(0, 80)})` : ''}`,
    };
  });
}

export function suiteList(codes: number[], max = 40): string {
  const names = codes.slice(0, max).map(suiteName);
  return names.join(', ') + (codes.length > max ? ` … (${codes.length - max} more)` : '');
}

function extraCa(ctx: CheckContext): { name: string; pems: string[] } | undefined {
  const t = ctx.target;
  if (t.kind !== 'web' || !t.caFile) return undefined;
  const pems =
    readTextFileSync(ctx.path(t.caFile), { maxBytes: 4 * 1024 * 1024 }).match(
      /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g,
    ) ?? [];
  if (!pems.length) throw new Error(`${t.caFile} holds no PEM certificate`);
  return { name: `caFile ${t.caFile}`, pems };
}

export function certificatesFor(ctx: CheckContext, ep: TlsEndpoint): Promise<CertificateFetch> {
  return ctx.memo(`web:certs:${ctx.target.id}:${ep.host}:${ep.port}`, async () => {
    let ca: ReturnType<typeof extraCa>;
    try {
      ca = extraCa(ctx);
    } catch (e) {
      return { chain: [], trust: [], error: `the scope's caFile: ${errorMessage(e)}` };
    }
    const fetched = await fetchCertificates({ ...ep, extraCa: ca, signal: ctx.signal });
    if (fetched.chain.length || !fetched.error) return fetched;
    // A server only a raw ClientHello can talk to (SSLv3, TLCP, suites OpenSSL lacks) still shows its chain.
    const scan = await tlsScanFor(ctx, ep);
    const ders = scan.certificates.length ? scan.certificates : scan.tlcpCertificates;
    if (!ders.length) return fetched;
    return {
      chain: ders.map((d) => parseCertificate(d)),
      ocsp: scan.stapledOcsp,
      trust: [],
      error: `OpenSSL could not complete a handshake (${fetched.error}); chain read from a raw handshake, trust not verified`,
    };
  });
}

/** Certificate checks share this preamble: endpoint, fetch, and an error result when no chain came back. */
export async function leafOrResult(
  ctx: CheckContext,
): Promise<{ ep: TlsEndpoint; certs: CertificateFetch } | CheckResult[]> {
  const ep = tlsEndpoint(ctx.target);
  if ('notApplicable' in ep) return notApplicable(ep.notApplicable);
  const certs = await certificatesFor(ctx, ep);
  if (!certs.chain.length)
    return [
      {
        status: 'error',
        result: 'unreachable',
        message: `no certificate from ${ep.host}:${ep.port}: ${certs.error ?? 'the server sent none'}`,
      },
    ];
  return { ep, certs };
}

/** TLS checks share this preamble: endpoint, scan, and an error result when nothing answered. */
export async function scanOrResult(ctx: CheckContext): Promise<{ ep: TlsEndpoint; scan: TlsScan } | CheckResult[]> {
  const ep = tlsEndpoint(ctx.target);
  if ('notApplicable' in ep) return notApplicable(ep.notApplicable);
  const scan = await tlsScanFor(ctx, ep);
  const failed = scanFailure(scan, ep);
  return failed ? [failed] : { ep, scan };
}

export function certEvidence(certs: CertificateFetch): Evidence[] {
  const leaf = certs.chain[0];
  return [
    { label: 'subject', value: leaf.subject },
    { label: 'issuer', value: leaf.issuer },
    { label: 'valid', value: `${leaf.notBefore.toISOString()} → ${leaf.notAfter.toISOString()}` },
    {
      label: 'key',
      value: `${leaf.keyType}${leaf.keyBits ? ` ${leaf.keyBits}` : ''}${leaf.curve ? ` (${leaf.curve})` : ''}`,
    },
    { label: 'signature', value: leaf.signatureAlgorithm },
    { label: 'SHA-256 fingerprint', value: leaf.fingerprint256 },
  ];
}

// ---- HTTP side -------------------------------------------------------------------------------------------

export interface SurveyedPage {
  page: FetchedPage;
  html?: PageDocument;
  isHtml: boolean;
}

export function allowHostFor(t: WebTarget): (host: string) => boolean {
  return sameHostAllowed(t.url, t.resourceHosts);
}

/** Only the target's own host: where probes (CORS, exposures) may go. */
export function ownHostOnly(t: WebTarget): (host: string) => boolean {
  return sameHostAllowed(t.url);
}

export function isHtmlResponse(res: HttpResponse): boolean {
  const ct = header(res, 'content-type') ?? '';
  return /html/i.test(ct) || (!ct && /^\s*<(!doctype|html)/i.test(res.body.subarray(0, 200).toString('utf8')));
}

async function survey(ctx: CheckContext<WebTarget>, url: string): Promise<SurveyedPage> {
  const page = await fetchPage(url, { allowHost: ownHostOnly(ctx.target), signal: ctx.signal });
  const isHtml = isHtmlResponse(page.response);
  return { page, isHtml, html: isHtml ? parseHtml(page.response.body.toString('utf8')) : undefined };
}

/** The target URL, fetched once per run. */
export function mainPage(ctx: CheckContext<WebTarget>): Promise<SurveyedPage> {
  return ctx.memo(`web:page:${ctx.target.id}:main`, () => survey(ctx, ctx.target.url));
}

export function loginUrl(t: WebTarget): string | undefined {
  if (!t.login) return undefined;
  return new URL(t.login, t.url).href;
}

/** Every page the scope names on the target's own host: url, urls (https and http alike), login. */
export function allPages(
  ctx: CheckContext<WebTarget>,
): Promise<{ url: string; survey?: SurveyedPage; error?: string }[]> {
  return ctx.memo(`web:page:${ctx.target.id}:all`, async () => {
    const t = ctx.target;
    const allow = ownHostOnly(t);
    const urls = [...new Set([t.url, ...t.urls, ...(loginUrl(t) ? [loginUrl(t)!] : [])])].filter((u) =>
      allow(new URL(u).hostname),
    );
    const fetched = await Promise.all(
      urls.map(async (url) => {
        try {
          return { url, survey: url === t.url ? await mainPage(ctx) : await survey(ctx, url) };
        } catch (e) {
          return { url, error: errorMessage(e) };
        }
      }),
    );
    // An http:// address that redirects to a page already listed adds nothing but duplicates.
    const seen = new Set<string>();
    return fetched.filter((p) => {
      if (!p.survey) return true;
      if (seen.has(p.survey.page.finalUrl)) return false;
      seen.add(p.survey.page.finalUrl);
      return true;
    });
  });
}

/** A main-page error as a check result. */
/** Page checks share this preamble: the surveyed main page, or an error result naming the URL. */
export async function mainPageOrResult(ctx: CheckContext<WebTarget>): Promise<SurveyedPage | CheckResult[]> {
  try {
    return await mainPage(ctx);
  } catch (e) {
    return pageError(ctx, e);
  }
}

function pageError(ctx: CheckContext<WebTarget>, e: unknown): CheckResult[] {
  return [{ status: 'error', result: 'unreachable', message: `${ctx.target.url}: ${errorMessage(e)}` }];
}

/** The http:// entry point of the site: an http URL from the scope, or port 80 when the site is on 443. */
export function plaintextUrl(t: WebTarget): string | undefined {
  const main = new URL(t.url);
  if (main.protocol === 'http:') return main.href;
  const listed = t.urls.find((u) => {
    const x = new URL(u);
    return x.protocol === 'http:' && x.hostname === main.hostname;
  });
  if (listed) return listed;
  if (!main.port) return `http://${main.host}${main.pathname}`;
  return undefined;
}

export function resolveIn(ref: string, s: SurveyedPage): URL | undefined {
  return resolveUrl(ref, s.page.finalUrl, s.html?.baseHref);
}

export function hv(res: HttpResponse, name: string): string | undefined {
  return header(res, name);
}
