import { configCheck, type ConfigRules } from './shared.js';

export const NGINX_RULES: ConfigRules = {
  'nginx.parse': { title: 'http or server block present', severity: 'info' },
  'nginx.server-tokens': { title: 'Version disclosure (server_tokens)', severity: 'low' },
  'nginx.tls-protocols': { title: 'TLS protocol versions', severity: 'high' },
  'nginx.tls-ciphers': { title: 'TLS cipher suites', severity: 'medium' },
  'nginx.security-headers': { title: 'Security headers', severity: 'low' },
  'nginx.autoindex': { title: 'Directory listing (autoindex)', severity: 'medium' },
  'nginx.rpc-proxy-auth': { title: 'Node RPC proxied without authentication', severity: 'critical' },
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
  NGINX_RULES,
);
