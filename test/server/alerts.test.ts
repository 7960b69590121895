import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue, sweepAlertEvents } from '../../src/server/alerts/events.js';
import { startReceivers, type Receivers } from './support/fake-chat-receivers.js';
import { Client, firstAdmin, newToken, startTestServer, type TestServer } from './support/harness.js';
import { buildReport } from './support/reports.js';

const until = async <T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const SECRETS = {
  dingtalk: {
    token: 'dt0123456789abcdef0123456789abcdef0123456789abcdef',
    secret: 'SEC7f3c1a9e5b2d4c6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5',
  },
  feishu: { hook: '8f2d2c1e-5b6a-4d7e-9f80-1a2b3c4d5e6f', secret: 'fs9QwErTyUiOpAsDfGhJkL' },
  wecom: { key: '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa' },
  slack: { path: '/services/T0A1B2C3D/B4E5F6G7H/abcdefghijklmnopqrstuvwx' },
  webhook: { secret: 'whsec_5f9a1c3e7b2d4f6a8c0e1f3a5b7d9c1e' },
  smtp: { user: 'alerts', password: 'smtp password 6f1e2d3c' },
};
/** A credential a check echoed into a finding message: never to reach a chat room in the clear. */
const LEAKED_KEY = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';

describe('alerts: rules over events, six channels, no secret in any message', () => {
  let server: TestServer;
  let admin: Client;
  let projectId: string;
  let rx: Receivers;
  let push: (report: unknown) => Promise<{ status: number; body: any }>;
  const api = (p: string) => `/api/v1/projects/${projectId}${p}`;
  const channels: Record<string, string> = {};
  const CHECK = 'evm.rpc.unlocked-accounts';

  beforeAll(async () => {
    rx = await startReceivers(SECRETS);
    server = await startTestServer({ localJobs: 0 });
    admin = await firstAdmin(server);
    projectId = (await admin.post('/api/v1/projects', { name: 'alerting chain' })).body.id;
    const token = await newToken(admin, ['runs:write'], { projectId });
    push = (report) => new Client(server.url, { token }).post(api('/runs'), report);
    const add = async (name: string, kind: string, config: Record<string, unknown>) => {
      const r = await admin.post(api('/alert-channels'), { name, kind, config });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      channels[name] = r.body.id;
      return r.body;
    };
    const shown = await add('dingtalk', 'dingtalk', {
      url: rx.url(`/robot/send?access_token=${SECRETS.dingtalk.token}`),
      secret: SECRETS.dingtalk.secret,
    });
    expect(JSON.stringify(shown)).not.toContain(SECRETS.dingtalk.secret);
    expect(JSON.stringify(shown)).not.toContain(SECRETS.dingtalk.token);
    await add('feishu', 'feishu', {
      url: rx.url(`/open-apis/bot/v2/hook/${SECRETS.feishu.hook}`),
      secret: SECRETS.feishu.secret,
    });
    await add('wecom', 'wecom', { url: rx.url(`/cgi-bin/webhook/send?key=${SECRETS.wecom.key}`) });
    await add('slack', 'slack', { url: rx.url(SECRETS.slack.path) });
    await add('webhook', 'webhook', { url: rx.url('/hooks/chainaudit'), secret: SECRETS.webhook.secret });
    await add('email', 'email', {
      host: '127.0.0.1',
      port: rx.smtpPort,
      starttls: 'optional',
      user: SECRETS.smtp.user,
      password: SECRETS.smtp.password,
      from: 'chainaudit@example.org',
      to: ['ops@example.org'],
    });
    await add('dingtalk-wrong', 'dingtalk', {
      url: rx.url(`/robot/send?access_token=${SECRETS.dingtalk.token}`),
      secret: 'SECnot-the-robots-secret',
    });
    for (const name of ['dingtalk', 'feishu', 'wecom', 'slack', 'webhook', 'email', 'dingtalk-wrong']) {
      const r = await admin.post(api('/alert-rules'), {
        name: `to ${name}`,
        events: ['new-finding', 'regression', 'band-dropped'],
        minSeverity: 'high',
        channelId: channels[name],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    // filtered out: only the CORS check, and a digest for the SLA and expiry events
    await admin.post(api('/alert-rules'), {
      name: 'cors only',
      events: ['new-finding'],
      checks: ['evm.rpc.cors'],
      channelId: channels.webhook,
    });
    await admin.post(api('/alert-rules'), {
      name: 'morning digest',
      events: ['sla-breach', 'acceptance-expiring'],
      mode: 'digest',
      digestTime: '09:00',
      timezone: 'Asia/Shanghai',
      channelId: channels.feishu,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await rx?.close();
  });

  const leaks = () =>
    rx.received.filter((m) =>
      [
        SECRETS.dingtalk.secret,
        SECRETS.dingtalk.token,
        SECRETS.feishu.secret,
        SECRETS.feishu.hook,
        SECRETS.wecom.key,
        SECRETS.webhook.secret,
        SECRETS.smtp.password,
        'abcdefghijklmnopqrstuvwx',
        LEAKED_KEY.slice(2),
      ].some((s) => m.raw.includes(s)),
    );

  it('sends one signed message per channel for a new high finding, masking every secret', async () => {
    const r = await push(
      buildReport('run-1', [
        {
          checkId: CHECK,
          targetId: 'validator-1',
          status: 'fail',
          severity: 'high',
          message: `eth_accounts lists an unlocked account; the node's environment shows PRIVATE_KEY=${LEAKED_KEY}; robot ${rx.url(`/cgi-bin/webhook/send?key=${SECRETS.wecom.key}`)} and ${SECRETS.dingtalk.secret}`,
        },
        { checkId: 'evm.rpc.client-version', targetId: 'validator-1', status: 'fail', severity: 'low' },
      ]),
    );
    expect(r.status).toBe(201);
    await until('six channels', () => (new Set(rx.received.map((m) => m.channel)).size >= 6 ? true : undefined));
    const by = (c: string) => rx.received.filter((m) => m.channel === c);
    for (const c of ['dingtalk', 'feishu', 'wecom', 'slack', 'webhook', 'email']) expect(by(c), c).toHaveLength(1);
    expect(by('dingtalk')[0].body.markdown.text).toContain(CHECK);
    expect(by('feishu')[0].body.content.post.zh_cn.title).toMatch(/New failing finding/);
    expect(by('wecom')[0].body.markdown.content).toContain('validator-1');
    const hook = by('webhook')[0].body;
    expect(hook.events).toHaveLength(1);
    expect(hook.events[0]).toMatchObject({
      kind: 'new-finding',
      severity: 'high',
      checkId: CHECK,
      targetId: 'validator-1',
    });
    expect(by('email')[0].raw).toContain('unlocked');
    expect(leaks().map((m) => m.channel)).toEqual([]);
    // the low finding passed no rule; the CORS-only rule matched nothing
    expect(rx.received.some((m) => m.raw.includes('evm.rpc.client-version'))).toBe(false);
    // the robot with the wrong secret refused; the delivery waits for a retry, its error names no secret
    const events = (await admin.get(api('/alert-events'))).body;
    const wrong = events[0].deliveries.find((d: any) => d.state === 'pending');
    expect(wrong.error).toMatch(/errcode 310000/);
    expect(rx.rejected).toContainEqual({ channel: 'dingtalk', reason: 'sign' });
  });

  it('alerts on a regression once, however many servers look at the run', async () => {
    expect(
      (await push(buildReport('run-2', [{ checkId: CHECK, targetId: 'validator-1', status: 'pass' }]))).status,
    ).toBe(201);
    const before = rx.received.length;
    const r = await push(
      buildReport('run-3', [{ checkId: CHECK, targetId: 'validator-1', status: 'fail', severity: 'high' }]),
    );
    expect(r.body.regressed).toBe(1);
    await until('regression', () =>
      rx.received.filter((m) => m.channel === 'webhook').length >= 2 ? true : undefined,
    );
    const hook = rx.received.filter((m) => m.channel === 'webhook').at(-1)!.body;
    expect(hook.events[0].kind).toBe('regression');
    // raising the same events again (another replica) adds nothing
    const { alertsAfterImport } = await import('../../src/server/alerts/events.js');
    const run = (await admin.get(api('/runs'))).body.find((x: any) => x.reportRunId === 'run-3');
    expect(await alertsAfterImport(server.ctx, projectId, { runId: run.id } as never)).toBe(0);
    await deliverDue(server.ctx);
    expect(rx.received.length - before).toBe(6);
  });

  it('raises SLA breaches and expiring acceptances, and sends them in the daily digest at 09:00 Shanghai', async () => {
    const f = (await admin.get(api('/findings?limit=10'))).body.findings[0];
    const expires = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const accepted = await admin.post(api(`/findings/${f.id}/transitions`), {
      to: 'risk-accepted',
      justification: 'compensating control',
      expires,
    });
    expect(accepted.status).toBe(200);
    const later = new Date(Date.now() + 400 * 86_400_000);
    const raised = await sweepAlertEvents(server.ctx, new Date());
    expect(raised).toBeGreaterThanOrEqual(1);
    const feishuBefore = rx.received.filter((m) => m.channel === 'feishu').length;
    await deliverDue(server.ctx, new Date());
    expect(rx.received.filter((m) => m.channel === 'feishu').length).toBe(feishuBefore);
    await sweepAlertEvents(server.ctx, later);
    const digestAt = new Date(later.getTime() + 86_400_000);
    await deliverDue(server.ctx, digestAt);
    const digest = rx.received.filter((m) => m.channel === 'feishu').slice(feishuBefore);
    expect(digest).toHaveLength(1);
    const text = JSON.stringify(digest[0].body);
    expect(text).toMatch(/daily digest/);
    expect(text).toMatch(/Risk acceptance expiring/);
    expect(text).toMatch(/Past its fix-by date/);
    expect(leaks()).toEqual([]);
  });

  it('refuses channel settings that are not what the service takes', async () => {
    let r = await admin.post(api('/alert-channels'), {
      name: 'x',
      kind: 'webhook',
      config: { url: 'ftp://x', secret: 'short' },
    });
    expect(r.status).toBe(400);
    r = await admin.post(api('/alert-channels'), { name: 'y', kind: 'pager', config: {} });
    expect(r.status).toBe(400);
    r = await admin.post(api('/alert-rules'), { name: 'z', events: ['new-finding'], channelId: 'chn_nope' });
    expect(r.body.error).toMatch(/no channel chn_nope/);
  });

  it('test message through a channel, and the answer of a robot that refuses', async () => {
    const ok = await admin.post(api(`/alert-channels/${channels.wecom}/test`));
    expect(ok.body).toEqual({ ok: true });
    const bad = await admin.post(api(`/alert-channels/${channels['dingtalk-wrong']}/test`));
    expect(bad.body.ok).toBe(false);
    expect(bad.body.error).toMatch(/310000/);
    expect(bad.body.error).not.toContain('SECnot');
  });
});
