import type { Check } from '../types.js';
import certCaa from './cert-caa.js';
import certHostname from './cert-hostname.js';
import certKey from './cert-key.js';
import certOcspStapling from './cert-ocsp-stapling.js';
import certSignature from './cert-signature.js';
import certTransparency from './cert-transparency.js';
import certTrust from './cert-trust.js';
import certValidity from './cert-validity.js';
import httpCookies from './http-cookies.js';
import httpCors from './http-cors.js';
import httpCsp from './http-csp.js';
import httpDirectoryListing from './http-directory-listing.js';
import httpExposedFiles from './http-exposed-files.js';
import httpFraming from './http-framing.js';
import httpHsts from './http-hsts.js';
import httpHttpsRedirect from './http-https-redirect.js';
import httpMixedContent from './http-mixed-content.js';
import httpNosniff from './http-nosniff.js';
import httpObservatory from './http-observatory.js';
import httpPlaintextCredentials from './http-plaintext-credentials.js';
import httpReferrerPolicy from './http-referrer-policy.js';
import httpVersionDisclosure from './http-version-disclosure.js';
import rpcExposed from './rpc-exposed.js';
import supplyChainChanges from './supply-chain-changes.js';
import supplyChainInventory from './supply-chain-inventory.js';
import tlsCipherSuites from './tls-cipher-suites.js';
import tlsCompression from './tls-compression.js';
import tlsFallbackScsv from './tls-fallback-scsv.js';
import tlsForwardSecrecy from './tls-forward-secrecy.js';
import tlsKeyExchange from './tls-key-exchange.js';
import tlsMozilla from './tls-mozilla.js';
import tlsProtocols from './tls-protocols.js';
import tlsRenegotiation from './tls-renegotiation.js';
import tlsSmCrypto from './tls-sm-crypto.js';
import wafDetection from './waf-detection.js';

/** The web front-end checks: TLS and certificates (also for https node RPC), HTTP headers, supply chain, WAF, proxied RPC. */
export const webChecks: Check[] = [
  certCaa,
  certHostname,
  certKey,
  certOcspStapling,
  certSignature,
  certTransparency,
  certTrust,
  certValidity,
  httpCookies,
  httpCors,
  httpCsp,
  httpDirectoryListing,
  httpExposedFiles,
  httpFraming,
  httpHsts,
  httpHttpsRedirect,
  httpMixedContent,
  httpNosniff,
  httpObservatory,
  httpPlaintextCredentials,
  httpReferrerPolicy,
  httpVersionDisclosure,
  rpcExposed,
  supplyChainChanges,
  supplyChainInventory,
  tlsCipherSuites,
  tlsCompression,
  tlsFallbackScsv,
  tlsForwardSecrecy,
  tlsKeyExchange,
  tlsMozilla,
  tlsProtocols,
  tlsRenegotiation,
  tlsSmCrypto,
  wafDetection,
];
