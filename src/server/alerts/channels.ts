import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { maskSecret } from '../../mask.js';

/**
 * Where alerts go. Each channel posts the way its service documents: the generic webhook signs
 * with HMAC-SHA256 over timestamp and body; DingTalk's robot takes a millisecond timestamp and an
 * HMAC-SHA256 of "timestamp\nsecret" keyed by the secret in the URL; Feishu/Lark's bot puts a
 * second timestamp and the HMAC-SHA256 keyed by "timestamp\nsecret" over nothing in the body;
 * WeCom's group robot and Slack's incoming webhook carry their secret in the URL itself.
 */
export const CHANNEL_KINDS = ['email', 'webhook', 'slack', 'dingtalk', 'feishu', 'wecom'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const httpsUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'expected an http(s) URL');

export const channelConfig = {
  email: z
    .object({
      host: z.string().min(1).max(255),
      port: z.number().int().min(1).max(65535).default(587),
      /** implicit TLS (465); otherwise STARTTLS when the server offers it, required unless `starttls: optional` */
      secure: z.boolean().default(false),
      starttls: z.enum(['required', 'optional']).default('required'),
      user: z.string().max(255).optional(),
      password: z.string().max(1000).optional(),
      from: z.string().email(),
      to: z.array(z.string().email()).min(1).max(50),
    })
    .strict(),
  webhook: z.object({ url: httpsUrl, secret: z.string().min(16).max(500) }).strict(),
  slack: z.object({ url: httpsUrl }).strict(),
  dingtalk: z.object({ url: httpsUrl, secret: z.string().min(8).max(500) }).strict(),
  feishu: z.object({ url: httpsUrl, secret: z.string().min(8).max(500) }).strict(),
  wecom: z.object({ url: httpsUrl }).strict(),
} satisfies Record<ChannelKind, z.ZodType>;

/** Fields that are secret in each kind's settings: never returned by the API, redacted from every message. */
export const SECRET_FIELDS: Record<ChannelKind, string[]> = {
  email: ['password'],
  webhook: ['secret'],
  slack: ['url'],
  dingtalk: ['url', 'secret'],
  feishu: ['url', 'secret'],
  wecom: ['url'],
};

/** Settings as the API shows them: secrets masked. */
export function publicConfig(kind: ChannelKind, config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const f of SECRET_FIELDS[kind]) if (typeof out[f] === 'string') out[f] = maskSecret(out[f] as string);
  return out;
}

/** Every secret string in a channel's settings, and the forms it travels in. */
export function channelSecrets(kind: ChannelKind, config: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const f of SECRET_FIELDS[kind]) {
    const v = config[f];
    if (typeof v !== 'string') continue;
    out.push(v);
    try {
      const u = new URL(v);
      for (const value of u.searchParams.values()) if (value.length >= 8) out.push(value);
      for (const seg of u.pathname.split('/')) if (seg.length >= 16) out.push(seg);
    } catch {
      // not a URL
    }
  }
  return out;
}

export interface AlertMessage {
  /** One line: the mail subject, the card title. */
  title: string;
  /** Plain text body. */
  text: string;
  /** Markdown body (DingTalk, WeCom, Slack mrkdwn after escaping). */
  markdown: string;
  /** Structured events for the generic webhook. */
  payload: Record<string, unknown>;
}

const TIMEOUT_MS = 10_000;
const MAX_ANSWER = 64 * 1024;
/** WeCom refuses markdown content over 4096 bytes. */
const WECOM_MAX_BYTES = 4096;

export class ChannelError extends Error {}

async function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause;
    throw new ChannelError(`cannot reach the channel: ${(cause ?? (err as Error)).message}`);
  }
  const text = (await res.text()).slice(0, MAX_ANSWER);
  if (!res.ok) throw new ChannelError(`the channel answered ${res.status}: ${text.slice(0, 200)}`);
  return { status: res.status, text };
}

function jsonAnswer(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ChannelError(`the channel answered something that is not JSON: ${text.slice(0, 200)}`);
  }
}

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function dingtalkSign(secret: string, timestampMs: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

export function feishuSign(secret: string, timestampS: string): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}

/** Slack mrkdwn treats &, < and > as control characters. */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function cutBytes(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s;
  let out = s;
  while (Buffer.byteLength(out) > max - 4) out = out.slice(0, Math.floor(out.length * 0.9));
  return `${out}\n…`;
}

export async function sendToChannel(kind: ChannelKind, raw: unknown, m: AlertMessage, now = new Date()): Promise<void> {
  switch (kind) {
    case 'email': {
      const c = channelConfig.email.parse(raw);
      const transport = nodemailer.createTransport({
        host: c.host,
        port: c.port,
        secure: c.secure,
        requireTLS: !c.secure && c.starttls === 'required',
        ignoreTLS: !c.secure && c.starttls === 'optional' ? false : undefined,
        auth: c.user ? { user: c.user, pass: c.password ?? '' } : undefined,
        connectionTimeout: TIMEOUT_MS,
        greetingTimeout: TIMEOUT_MS,
        socketTimeout: TIMEOUT_MS,
      });
      try {
        await transport.sendMail({ from: c.from, to: c.to, subject: m.title, text: m.text });
      } catch (err) {
        throw new ChannelError(`mail to ${c.host}:${c.port} failed: ${(err as Error).message}`);
      } finally {
        transport.close();
      }
      return;
    }
    case 'webhook': {
      const c = channelConfig.webhook.parse(raw);
      const body = JSON.stringify(m.payload);
      const ts = String(Math.floor(now.getTime() / 1000));
      await post(c.url, body, {
        'x-chainaudit-timestamp': ts,
        'x-chainaudit-signature': webhookSignature(c.secret, ts, body),
      });
      return;
    }
    case 'slack': {
      const c = channelConfig.slack.parse(raw);
      const body = JSON.stringify({
        text: slackEscape(m.title),
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: m.title.slice(0, 150) } },
          { type: 'section', text: { type: 'mrkdwn', text: slackEscape(m.markdown).slice(0, 3000) } },
        ],
      });
      const answer = await post(c.url, body);
      if (answer.text.trim() !== 'ok') throw new ChannelError(`Slack answered: ${answer.text.slice(0, 200)}`);
      return;
    }
    case 'dingtalk': {
      const c = channelConfig.dingtalk.parse(raw);
      const ts = String(now.getTime());
      const url = new URL(c.url);
      url.searchParams.set('timestamp', ts);
      url.searchParams.set('sign', dingtalkSign(c.secret, ts));
      const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: m.title, text: m.markdown } });
      const a = jsonAnswer((await post(url.toString(), body)).text);
      if (a.errcode !== 0)
        throw new ChannelError(`DingTalk answered errcode ${String(a.errcode)}: ${String(a.errmsg)}`);
      return;
    }
    case 'feishu': {
      const c = channelConfig.feishu.parse(raw);
      const ts = String(Math.floor(now.getTime() / 1000));
      const body = JSON.stringify({
        timestamp: ts,
        sign: feishuSign(c.secret, ts),
        msg_type: 'post',
        content: {
          post: {
            zh_cn: {
              title: m.title,
              content: m.text.split('\n').map((line) => [{ tag: 'text', text: line }]),
            },
          },
        },
      });
      const a = jsonAnswer((await post(c.url, body)).text);
      const code = a.code ?? a.StatusCode;
      if (code !== 0)
        throw new ChannelError(`Feishu answered code ${String(code)}: ${String(a.msg ?? a.StatusMessage)}`);
      return;
    }
    case 'wecom': {
      const c = channelConfig.wecom.parse(raw);
      const body = JSON.stringify({
        msgtype: 'markdown',
        markdown: { content: cutBytes(`**${m.title}**\n${m.markdown}`, WECOM_MAX_BYTES) },
      });
      const a = jsonAnswer((await post(c.url, body)).text);
      if (a.errcode !== 0) throw new ChannelError(`WeCom answered errcode ${String(a.errcode)}: ${String(a.errmsg)}`);
      return;
    }
  }
}
