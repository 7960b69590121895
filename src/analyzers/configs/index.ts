import { basename, dirname, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { readConfigText, type ConfigReport } from './common.js';
import { auditSshd } from './sshd.js';
import { auditNginx } from './nginx.js';
import { auditRedis, parseRedisConf, writtenForRedis7 } from './redis.js';
import {
  auditPgHba,
  auditPostgresql,
  hbaFromRows,
  parsePgHba,
  parsePostgresqlConf,
  parsePsqlTable,
  pgSettingsFromRows,
} from './postgresql.js';
import { auditBitcoinConf, auditCouchdb, auditMysql, clientOfConfigName } from './ini.js';
import { auditGeth } from './geth.js';
import { auditCometbft } from './cometbft.js';
import { auditFabric } from './fabric.js';
import { auditCompose } from './compose.js';
import { auditTerraform } from './terraform.js';

export type { ConfigFinding, ConfigReport } from './common.js';

export type ConfigFormat =
  | 'sshd'
  | 'nginx'
  | 'redis'
  | 'postgresql'
  | 'pg_hba'
  | 'mysql'
  | 'couchdb'
  | 'geth'
  | 'bitcoin'
  | 'fabric-core'
  | 'fabric-orderer'
  | 'cometbft'
  | 'docker-compose'
  | 'terraform';

/** Header of `psql -c 'SHOW ALL'` and of `SELECT * FROM pg_hba_file_rules`: the running server's view. */
const PSQL_SHOW_ALL = /^\s*name\s*\|\s*setting\b/m;
const PSQL_HBA_RULES = /^\s*line_number\s*\|\s*type\s*\|.*\bauth_method\b/m;

/** Recognises a configuration by its file name first, then by settings only that format has. */
export function detectConfigFormat(path: string, text: string): ConfigFormat | undefined {
  const name = basename(path).toLowerCase();
  if (/sshd_config|sshd.*\.conf$|^sshd-t/.test(name)) return 'sshd';
  if (name === 'pg_hba.conf') return 'pg_hba';
  if (name === 'postgresql.conf' || name === 'postgresql.auto.conf') return 'postgresql';
  if (/^redis.*\.conf$/.test(name)) return 'redis';
  if (/^nginx.*\.conf$|\.nginx$/.test(name)) return 'nginx';
  if (/^(my|mariadb|50-server|mysqld).*\.cnf$/.test(name) || name.endsWith('.cnf')) return 'mysql';
  if (/^(bitcoin|litecoin|dogecoin|[a-z]*coin)\.conf$/.test(name)) return 'bitcoin';
  if (name === 'core.yaml') return 'fabric-core';
  if (name === 'orderer.yaml') return 'fabric-orderer';
  if (/^(docker-)?compose.*\.ya?ml$/.test(name)) return 'docker-compose';
  if (name.endsWith('.tf')) return 'terraform';
  if (name === 'local.ini' || /couch.*\.ini$/.test(name)) return 'couchdb';
  if (/^geth.*\.toml$/.test(name)) return 'geth';
  const t = text.slice(0, 256 * 1024);
  if (PSQL_HBA_RULES.test(t)) return 'pg_hba';
  if (PSQL_SHOW_ALL.test(t)) return 'postgresql';
  if (
    /^\s*\[Node(\.P2P)?\]/m.test(t) ||
    /^\s*\[Eth\]/m.test(t) ||
    /(^|\s)(geth|--http\.api|--http\.addr|--authrpc)\b/m.test(t)
  )
    return 'geth';
  if (/^\s*\[rpc\]/m.test(t) && /^\s*\[p2p\]/m.test(t)) return 'cometbft';
  if (/^\s*(PermitRootLogin|PasswordAuthentication|permitrootlogin|pubkeyauthentication)\s/m.test(t)) return 'sshd';
  if (
    /^\s*(local|host|hostssl|hostnossl)\s+\S+\s+\S+.*\b(trust|md5|scram-sha-256|peer|password|ident|reject)\s*$/m.test(
      t,
    )
  )
    return 'pg_hba';
  if (/^\s*(listen_addresses|shared_buffers|max_connections)\s*=/m.test(t)) return 'postgresql';
  if (/^\s*(requirepass|protected-mode|appendonly|maxmemory-policy)\s/m.test(t)) return 'redis';
  if (/^\s*(http|server)\s*\{/m.test(t) || /^# configuration file .*nginx/m.test(t)) return 'nginx';
  if (/^\s*\[(mysqld|mariadb)\]/m.test(t)) return 'mysql';
  if (/^\s*\[(chttpd|couchdb|admins)\]/m.test(t)) return 'couchdb';
  if (/^\s*(rpcallowip|rpcauth|rpcbind|rpcpassword|txindex|disablewallet)\s*=/m.test(t)) return 'bitcoin';
  if (/^\s*peer:\s*$/m.test(t) && /^\s*(ledger|chaincode|vm):\s*$/m.test(t)) return 'fabric-core';
  if (/^\s*General:\s*$/m.test(t) && /^\s*(FileLedger|Consensus|ChannelParticipation):\s*$/m.test(t))
    return 'fabric-orderer';
  if (/^\s*services:\s*$/m.test(t)) return 'docker-compose';
  if (/^\s*resource\s+"(aws_|alicloud_|huaweicloud_|google_|azurerm_)/m.test(t)) return 'terraform';
  return undefined;
}

export async function auditConfigText(format: ConfigFormat, text: string, name: string): Promise<ConfigReport> {
  switch (format) {
    case 'sshd':
      return auditSshd(text, { file: name });
    case 'nginx':
      return auditNginx(text);
    case 'redis':
      return auditRedis(parseRedisConf(text), {
        redis7: writtenForRedis7(text),
        readAclFile: (p) => readConfigText(resolve(dirname(name), p)),
      });
    case 'postgresql': {
      const rows = PSQL_SHOW_ALL.test(text) ? parsePsqlTable(text) : undefined;
      return auditPostgresql(
        rows ? pgSettingsFromRows(rows.map((r) => [r.name, r.setting])) : parsePostgresqlConf(text),
      );
    }
    case 'pg_hba': {
      const rows = PSQL_HBA_RULES.test(text) ? parsePsqlTable(text) : undefined;
      return auditPgHba(rows ? hbaFromRows(rows) : parsePgHba(text));
    }
    case 'mysql':
      return auditMysql(text);
    case 'couchdb':
      return auditCouchdb(text);
    case 'geth':
      return auditGeth(text, name);
    case 'bitcoin':
      return auditBitcoinConf(text, { client: { product: clientOfConfigName(name) } });
    case 'cometbft':
      return auditCometbft(text, name);
    case 'fabric-core':
    case 'fabric-orderer':
      return auditFabric(text, format, name);
    case 'docker-compose':
      return auditCompose(text, name);
    case 'terraform':
      return auditTerraform(text, name);
  }
}

/** Reads and audits one configuration file; `auto` detects the format or fails with a clear message. */
export async function auditConfigFile(path: string, format: ConfigFormat | 'auto' = 'auto'): Promise<ConfigReport> {
  const text = readConfigText(path);
  const chosen = format === 'auto' ? detectConfigFormat(path, text) : format;
  if (!chosen)
    throw new InputError(
      `${path}: cannot tell which configuration format this is; set format: in the scope (one of sshd, nginx, redis, postgresql, pg_hba, mysql, couchdb, geth, bitcoin, fabric-core, fabric-orderer, cometbft, docker-compose, terraform)`,
    );
  return auditConfigText(chosen, text, path);
}
