import { configCheck } from './shared.js';

export const NGINX_ITEMS = {
  'nginx.parse': [],
  'nginx.server-tokens': ['BIZ.SERVER.THIRD_PARTY.SOFTWARE_VULNERABILITY_REVIEW', 'DJCP3.CE.IP.MINIMAL_INSTALL'],
  'nginx.tls-protocols': [
    'BIZ.SERVER.API_SERVICE.ENCRYPTED_CONNECTION',
    'BIZ.SERVER.THIRD_PARTY.ENCRYPTION_DEFECT',
    'DJCP3.CE.DC.TRANSMISSION',
  ],
  'nginx.tls-ciphers': [
    'BIZ.SERVER.API_SERVICE.ENCRYPTED_CONNECTION',
    'BIZ.SERVER.THIRD_PARTY.ENCRYPTION_DEFECT',
    'DJCP3.CE.DC.TRANSMISSION',
  ],
  'nginx.security-headers': ['BIZ.SERVER.API_SERVICE.AVOID_MITM_ATTACKS', 'BIZ.SERVER.APP_SERVICE.ACCESS_CONTROL'],
  'nginx.autoindex': ['BIZ.SERVER.APP_SERVICE.ACCESS_CONTROL', 'DJCP3.CE.AC.LEAST_PRIVILEGE'],
  'nginx.rpc-proxy-auth': [
    'TECH.RPC.PERMISSION',
    'BIZ.SERVER.API_SERVICE.CLIENT_AUTH',
    'BIZ.SERVER.NODE_SERVICE.IP_ALLOWLIST',
  ],
};

export default configCheck(
  {
    id: 'configs.nginx',
    title: 'nginx configuration',
    description:
      'Judges nginx configuration or `nginx -T` output: version disclosure (server_tokens), TLS protocols and ciphers, security headers per server, directory listing, and locations that proxy node RPC without authentication or an allow-list.',
    severity: 'high',
    confidence: 'high',
    tags: ['nginx', 'tls', 'rpc', 'config'],
    remediation: 'Apply the fix named in each finding and reload nginx after `nginx -t`.',
    references: ['https://nginx.org/en/docs/http/ngx_http_ssl_module.html', 'https://ssl-config.mozilla.org/'],
  },
  ['nginx'],
  NGINX_ITEMS,
);
