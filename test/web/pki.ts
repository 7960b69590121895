import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Certificates made with Debian's openssl for the TLS tests: a private CA and leaves with planted flaws. */
export interface Leaf {
  cert: string;
  key: string;
  /** A stapleable OCSP response for the leaf, signed by the CA. */
  ocsp?: string;
}

export interface Pki {
  dir: string;
  caCert: string;
  caKey: string;
  rsa: Leaf;
  ecdsa: Leaf;
  expired: Leaf;
  wrongHost: Leaf;
  selfSigned: Leaf;
  rsa1024Sha1: Leaf;
  /** CA-signed leaf that embeds a (syntactically valid, unsigned) SCT list extension. */
  withScts: Leaf;
}

const openssl = (dir: string, args: string[]) =>
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** Two SCTs in TLS encoding (RFC 6962 §3.3): version, 32-byte log id, timestamp, no extensions, a signature. */
function sctListHex(): string {
  const sct = (logByte: number) => {
    const body = Buffer.concat([
      Buffer.from([0]),
      Buffer.alloc(32, logByte),
      Buffer.from('0000018bcfe56800', 'hex'),
      Buffer.from([0, 0]),
      Buffer.from([4, 3, 0, 4, 1, 2, 3, 4]),
    ]);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(body.length);
    return Buffer.concat([len, body]);
  };
  const list = Buffer.concat([sct(0xaa), sct(0xbb)]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(list.length);
  return Buffer.concat([len, list]).toString('hex');
}

export function makePki(root: string): Pki {
  const dir = join(root, 'pki');
  mkdirSync(join(dir, 'new'), { recursive: true });
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    `[ ca ]
default_ca = test_ca
[ test_ca ]
dir = ${dir}
database = $dir/index.txt
new_certs_dir = $dir/new
serial = $dir/serial
certificate = $dir/ca.crt
private_key = $dir/ca.key
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
[ leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
[ wrong ]
basicConstraints = critical,CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = DNS:wrong.example
[ scts ]
basicConstraints = critical,CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
1.3.6.1.4.1.11129.2.4.2 = ASN1:FORMAT:HEX,OCTETSTRING:${sctListHex()}
`,
  );
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '3650',
    '-subj',
    '/CN=chainaudit test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);

  const issue = (
    name: string,
    keyArgs: string[],
    opts: { section?: string; md?: string; start?: string; end?: string; days?: number; cn?: string } = {},
  ): Leaf => {
    const key = join(dir, `${name}.key`);
    const cert = join(dir, `${name}.crt`);
    openssl(dir, [...keyArgs, '-out', key]);
    openssl(dir, ['req', '-new', '-key', key, '-out', `${name}.csr`, '-subj', `/CN=${opts.cn ?? 'localhost'}`]);
    openssl(dir, [
      'ca',
      '-batch',
      '-notext',
      '-config',
      'ca.cnf',
      '-extensions',
      opts.section ?? 'leaf',
      '-md',
      opts.md ?? 'sha256',
      ...(opts.start ? ['-startdate', opts.start, '-enddate', opts.end!] : ['-days', String(opts.days ?? 60)]),
      '-in',
      `${name}.csr`,
      '-out',
      cert,
    ]);
    const ocsp = join(dir, `${name}.ocsp`);
    openssl(dir, [
      'ocsp',
      '-index',
      'index.txt',
      '-rsigner',
      'ca.crt',
      '-rkey',
      'ca.key',
      '-CA',
      'ca.crt',
      '-issuer',
      'ca.crt',
      '-cert',
      cert,
      '-ndays',
      '7',
      '-respout',
      ocsp,
    ]);
    return { cert, key, ocsp };
  };
  const rsaKey = ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];
  const pki: Pki = {
    dir,
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    rsa: issue('rsa', rsaKey),
    ecdsa: issue('ecdsa', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']),
    expired: issue('expired', rsaKey, { start: '20200101000000Z', end: '20200301000000Z' }),
    wrongHost: issue('wrong', rsaKey, { section: 'wrong', cn: 'wrong.example' }),
    rsa1024Sha1: issue('rsa1024', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'], {
      md: 'sha1',
      days: 800,
    }),
    withScts: issue('scts', rsaKey, { section: 'scts' }),
    selfSigned: { cert: join(dir, 'self.crt'), key: join(dir, 'self.key') },
  };
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'self.key',
    '-out',
    'self.crt',
    '-days',
    '30',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ]);
  return pki;
}
