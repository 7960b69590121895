import type { Command } from 'commander';
import { pick, type Lang } from '../../model.js';
import { mdCell } from '../../report/markdown.js';
import type { CliEnv } from '../env.js';
import { loadFrameworks } from '../frameworks.js';
import { choice, collect, parseLang } from '../options.js';

function csvCell(v: string): string {
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function register(program: Command, env: CliEnv): void {
  program
    .command('catalog')
    .description('list and export the audit catalog (items, control points, frameworks)')
    .option('--framework <ids>', 'only these frameworks', collect)
    .option('--layer <ids>', 'only these layers (e.g. business, technology, p2p, ledger)', collect)
    .option('--control-point <ids>', 'only items serving these control points (e.g. CP.ACCESS_CONTROL)', collect)
    .option('--format <format>', 'table, json, md or csv', choice(['table', 'json', 'md', 'csv'] as const), 'table')
    .option('--lang <lang>', 'en or zh', parseLang)
    .option('--frameworks', 'list the frameworks and their item counts instead of items')
    .option('--control-points', 'list the control points instead of items')
    .option('--catalog <file>', 'load an extra framework file of your own (repeatable)', collect, [])
    .action(
      (o: {
        framework?: string[];
        layer?: string[];
        controlPoint?: string[];
        format: string;
        lang?: Lang;
        frameworks?: boolean;
        controlPoints?: boolean;
        catalog: string[];
      }) => {
        const lang = o.lang ?? env.lang;
        const { catalog, mapping } = loadFrameworks(o.catalog, o.framework);
        const checksByItem = new Map(
          [...mapping.refsByItem].map(([id, refs]) => [
            id,
            refs.map((r) => (r.result ? `${r.checkId}#${r.result}` : r.checkId)),
          ]),
        );

        if (o.frameworks) {
          const rows = catalog.frameworks.map((f) => ({
            id: f.id,
            title: pick(f.title, lang),
            items: catalog.items.filter((i) => catalog.byId.get(i.id)!.framework === f.id).length,
            layers: f.layers.map((l) => l.id).join(','),
          }));
          env.out(
            o.format === 'json'
              ? JSON.stringify(rows, null, 2)
              : rows
                  .map((r) => `${r.id.padEnd(24)} ${String(r.items).padStart(4)}  ${r.title}  [${r.layers}]`)
                  .join('\n'),
          );
          return;
        }
        if (o.controlPoints) {
          const rows = catalog.controlPoints.map((c) => ({
            id: c.id,
            title: pick(c.title, lang),
            sets: c.sets,
            items: catalog.items.filter((i) => i.controlPoints.includes(c.id)).length,
          }));
          env.out(
            o.format === 'json'
              ? JSON.stringify(rows, null, 2)
              : rows
                  .map((r) => `${r.id.padEnd(32)} ${String(r.items).padStart(4)}  ${r.title}  [${r.sets.join(',')}]`)
                  .join('\n'),
          );
          return;
        }
        const items = catalog.items.filter((i) => {
          const fw = catalog.byId.get(i.id)!.framework;
          return (
            (!o.framework?.length || o.framework.includes(fw)) &&
            (!o.layer?.length || o.layer.includes(i.layer)) &&
            (!o.controlPoint?.length || i.controlPoints.some((c) => o.controlPoint!.includes(c)))
          );
        });
        const rows = items.map((i) => ({
          id: i.id,
          framework: catalog.byId.get(i.id)!.framework,
          layer: i.layer,
          path: i.path.map((p) => pick(p, lang)).join(' / '),
          title: pick(i.title, lang),
          severity: i.severity,
          controlPoints: i.controlPoints,
          assessedBy: checksByItem.get(i.id) ?? [],
          procedure: pick(i.procedure, lang),
        }));
        switch (o.format) {
          case 'json':
            env.out(
              JSON.stringify(
                items.map((i, n) => ({ ...i, framework: rows[n].framework, assessedBy: rows[n].assessedBy })),
                null,
                2,
              ),
            );
            break;
          case 'csv':
            env.out(
              [
                [
                  'id',
                  'framework',
                  'layer',
                  'path',
                  'title',
                  'severity',
                  'control_points',
                  'assessed_by',
                  'procedure',
                ].join(','),
                ...rows.map((r) =>
                  [
                    r.id,
                    r.framework,
                    r.layer,
                    r.path,
                    r.title,
                    r.severity,
                    r.controlPoints.join(' '),
                    r.assessedBy.join(' ') || 'manual',
                    r.procedure,
                  ]
                    .map(csvCell)
                    .join(','),
                ),
              ].join('\n'),
            );
            break;
          case 'md':
            env.out(
              [
                '| id | path | title | severity | control points | assessed by |',
                '|---|---|---|---|---|---|',
                ...rows.map(
                  (r) =>
                    `| ${[r.id, r.path, r.title, r.severity, r.controlPoints.join(', '), r.assessedBy.join(', ') || 'manual'].map(mdCell).join(' | ')} |`,
                ),
              ].join('\n'),
            );
            break;
          default:
            env.out(
              rows
                .map(
                  (r) =>
                    `${r.id.padEnd(46)} ${r.severity.padEnd(8)} ${r.assessedBy.length ? `${r.assessedBy.length} check(s)` : 'manual    '}  ${r.title}`,
                )
                .join('\n'),
            );
            env.err(`${rows.length} items`);
        }
      },
    );
}
