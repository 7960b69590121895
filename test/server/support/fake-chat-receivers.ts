import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * FAKE receivers for the chat services no real software here can stand in for (DingTalk, Feishu/
 * Lark, WeCom and Slack robots, a signed generic webhook). Each checks what its service documents
 * and answers as the service does: DingTalk's custom robot (timestamp in ms within an hour; sign =
 * base64 HMAC-SHA256 of "timestamp\nsecret" keyed by the secret; errcode 310000 otherwise), the
 * Feishu custom bot (timestamp in s within an hour; sign = base64 HMAC-SHA256 keyed by
 * "timestamp\nsecret" over an empty message; code 19021 otherwise), the WeCom group robot (key in
 * the URL, markdown content at most 4096 bytes; errcode 93000 for an unknown key), a Slack incoming
 * webhook (answers "ok", 400 invalid_payload without text) and this project's webhook signature.
 * The e-mail receiver is the real `smtp-server` package.
 */
export interface Received {
  channel: string;
  /** The raw request body (or the raw message for e-mail), to search for leaked secrets. */
  raw: string;
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

export interface Receivers {
  url(path: string): string;
  smtpPort: number;
  received: Received[];
  rejected: { channel: string; reason: string }[];
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function startReceivers(secrets: {
  dingtalk: { token: string; secret: string };
  feishu: { hook: string; secret: string };
  wecom: { key: string };
  slack: { path: string };
  webhook: { secret: string };
  smtp: { user: string; password: string };
}): Promise<Receivers> {
  const received: Received[] = [];
  const rejected: { channel: string; reason: string }[] = [];
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const u = new URL(req.url ?? '/', 'http://localhost');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      rejected.push({ channel: u.pathname, reason: 'not JSON' });
      return json(400, { errcode: 40035, errmsg: 'invalid json' });
    }
    const accept = (channel: string) => received.push({ channel, raw, body, headers: req.headers });
    const reject = (channel: string, reason: string) => rejected.push({ channel, reason });

    if (u.pathname === '/robot/send') {
      // DingTalk custom robot
      const ts = u.searchParams.get('timestamp') ?? '';
      const sign = u.searchParams.get('sign') ?? '';
      if (u.searchParams.get('access_token') !== secrets.dingtalk.token) {
        reject('dingtalk', 'token');
        return json(200, { errcode: 300001, errmsg: 'token is not exist' });
      }
      const expected = createHmac('sha256', secrets.dingtalk.secret)
        .update(`${ts}\n${secrets.dingtalk.secret}`)
        .digest('base64');
      if (!/^\d{13}$/.test(ts) || Math.abs(Date.now() - Number(ts)) > HOUR_MS || !same(sign, expected)) {
        reject('dingtalk', 'sign');
        return json(200, { errcode: 310000, errmsg: 'sign not match' });
      }
      const ok =
        (body.msgtype === 'markdown' &&
          typeof body.markdown?.title === 'string' &&
          typeof body.markdown?.text === 'string') ||
        (body.msgtype === 'text' && typeof body.text?.content === 'string');
      if (!ok) {
        reject('dingtalk', 'shape');
        return json(200, { errcode: 40035, errmsg: 'missing parameter' });
      }
      accept('dingtalk');
      return json(200, { errcode: 0, errmsg: 'ok' });
    }
    if (u.pathname.startsWith('/open-apis/bot/v2/hook/')) {
      // Feishu / Lark custom bot
      if (u.pathname.split('/').pop() !== secrets.feishu.hook) {
        reject('feishu', 'hook');
        return json(200, { code: 19001, msg: 'param invalid: incoming webhook access token invalid' });
      }
      const ts = String(body.timestamp ?? '');
      const expected = createHmac('sha256', `${ts}\n${secrets.feishu.secret}`).update('').digest('base64');
      if (
        !/^\d{10}$/.test(ts) ||
        Math.abs(Date.now() / 1000 - Number(ts)) > 3600 ||
        !same(String(body.sign ?? ''), expected)
      ) {
        reject('feishu', 'sign');
        return json(200, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' });
      }
      const post = body.content?.post?.zh_cn ?? body.content?.post?.en_us;
      const ok =
        (body.msg_type === 'text' && typeof body.content?.text === 'string') ||
        (body.msg_type === 'post' &&
          typeof post?.title === 'string' &&
          Array.isArray(post.content) &&
          post.content.every(
            (line: any) =>
              Array.isArray(line) && line.every((el: any) => el.tag === 'text' && typeof el.text === 'string'),
          ));
      if (!ok) {
        reject('feishu', 'shape');
        return json(200, { code: 9499, msg: 'Bad Request' });
      }
      accept('feishu');
      return json(200, { code: 0, msg: 'success', data: {} });
    }
    if (u.pathname === '/cgi-bin/webhook/send') {
      // WeCom group robot
      if (u.searchParams.get('key') !== secrets.wecom.key) {
        reject('wecom', 'key');
        return json(200, { errcode: 93000, errmsg: 'invalid webhook url' });
      }
      const content = body.markdown?.content;
      if (body.msgtype !== 'markdown' || typeof content !== 'string' || Buffer.byteLength(content) > 4096) {
        reject('wecom', 'shape');
        return json(200, { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' });
      }
      accept('wecom');
      return json(200, { errcode: 0, errmsg: 'ok' });
    }
    if (u.pathname === secrets.slack.path) {
      // Slack incoming webhook
      const blocksOk =
        body.blocks === undefined ||
        (Array.isArray(body.blocks) &&
          body.blocks.every(
            (b: any) =>
              (b.type === 'header' && b.text?.type === 'plain_text' && b.text.text.length <= 150) ||
              (b.type === 'section' && b.text?.type === 'mrkdwn' && b.text.text.length <= 3000),
          ));
      if (typeof body.text !== 'string' || !blocksOk) {
        reject('slack', 'shape');
        res.writeHead(400, { 'content-type': 'text/plain' });
        return res.end('invalid_payload');
      }
      accept('slack');
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('ok');
    }
    if (u.pathname === '/hooks/chainaudit') {
      const ts = String(req.headers['x-chainaudit-timestamp'] ?? '');
      const sig = String(req.headers['x-chainaudit-signature'] ?? '');
      const expected = `sha256=${createHmac('sha256', secrets.webhook.secret).update(`${ts}.${raw}`).digest('hex')}`;
      if (Math.abs(Date.now() / 1000 - Number(ts)) > 300 || !same(sig, expected)) {
        reject('webhook', 'signature');
        return json(401, { error: 'bad signature' });
      }
      accept('webhook');
      res.writeHead(204);
      return res.end();
    }
    reject(u.pathname, 'unknown path');
    json(404, { error: 'no such hook' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === secrets.smtp.user && auth.password === secrets.smtp.password)
        return cb(null, { user: auth.username });
      rejected.push({ channel: 'email', reason: 'auth' });
      cb(new Error('535 authentication failed'));
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        // quoted-printable undone, so a secret split across soft line breaks is still found
        const raw = Buffer.from(
          Buffer.concat(chunks)
            .toString('latin1')
            .replace(/=\r?\n/g, '')
            .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8');
        received.push({
          channel: 'email',
          raw,
          body: { subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? '' },
          headers: {},
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    smtpPort,
    received,
    rejected,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => smtp.close(() => r()));
    },
  };
}
