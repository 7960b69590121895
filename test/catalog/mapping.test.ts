import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFrameworks } from '../../src/cli/frameworks.js';
import { TARGET_KINDS } from '../../src/model.js';
import { registry } from '../../src/checks/index.js';

const { catalog, mapping } = loadFrameworks();

describe('frameworks name the checks that assess their items', () => {
  it('check metadata is complete and says nothing of frameworks', () => {
    for (const c of registry) {
      expect(c.meta.id, c.meta.id).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)+$/);
      expect(c.meta.title.length, c.meta.id).toBeGreaterThan(5);
      expect(c.meta.description.length, c.meta.id).toBeGreaterThan(20);
      expect(c.meta.remediation.length, c.meta.id).toBeGreaterThan(10);
      expect(c.meta.targetKinds.every((k) => (TARGET_KINDS as readonly string[]).includes(k)), c.meta.id).toBe(true);
      expect(c.meta, c.meta.id).not.toHaveProperty('items');
    }
  });

  it('at least half of the 28 blockchain evaluation items are automated; every one has a manual procedure', () => {
    const evalItems = catalog.items.filter((i) => catalog.byId.get(i.id)!.framework === 'djcp-blockchain');
    expect(evalItems).toHaveLength(28);
    const covered = evalItems.filter((i) => (mapping.refsByItem.get(i.id) ?? []).length > 0);
    expect(covered.length).toBeGreaterThanOrEqual(14);
    for (const i of evalItems) expect(i.procedure.en.length).toBeGreaterThan(10);
  });

  it('a reference to a missing check or an undeclared sub-result is refused, naming the file and the item', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chainaudit-fw-'));
    const file = join(dir, 'mine.yaml');
    const write = (checks: string) =>
      writeFileSync(
        file,
        `framework:\n  id: mine\n  title: { en: Mine, zh: 我的 }\n  description: { en: d, zh: d }\n  source: test\n  layers: [{ id: ops, title: { en: Ops, zh: 运维 } }]\nitems:\n  - id: MINE.SSH.ROOT\n    layer: ops\n    title: { en: No root SSH, zh: 禁止 root 登录 }\n    description: { en: d, zh: d }\n    severity: high\n    procedure: { en: p, zh: p }\n    expected: { en: e, zh: e }\n    evidence: { en: e, zh: e }\n    source: internal checklist 4.2\n    checks: [${checks}]\n`,
      );
    write('configs.sshd#root-login, host.sshd-effective-config#root-login');
    expect(loadFrameworks([file]).mapping.refsByItem.get('MINE.SSH.ROOT')).toHaveLength(2);
    write('configs.sshdd');
    expect(() => loadFrameworks([file])).toThrow(/mine\.yaml:8: item MINE\.SSH\.ROOT: checks: "configs\.sshdd" matches no check/);
    write('configs.sshd#root-logon');
    expect(() => loadFrameworks([file])).toThrow(/declares no sub-result "root-logon" \(declared: .*root-login/);
    write('"*sshd*#root-login"');
    expect(loadFrameworks([file]).mapping.refsByItem.get('MINE.SSH.ROOT')!.map((r) => r.checkId).sort()).toEqual([
      'configs.sshd',
      'host.sshd-effective-config',
    ]);
    write('"*sshd*#root-logon"');
    expect(() => loadFrameworks([file])).toThrow(
      /mine\.yaml:8: item MINE\.SSH\.ROOT: checks: "\*sshd\*#root-logon": none of the \d+ checks matching "\*sshd\*" declares a sub-result "root-logon"/,
    );
  });

  it('an unknown --framework id is refused with the known ids', () => {
    expect(() => loadFrameworks([], ['djcp-blockchian'])).toThrow(/unknown framework djcp-blockchian \(known: .*djcp-blockchain/);
  });
});
