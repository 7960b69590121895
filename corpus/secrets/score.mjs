// Scores a scanner's findings against a planted tree's manifest.
// A planted secret counts as found when a finding of the same kind is reported at its file and line
// (any line of its span for multi-line structures);
// every other finding is a false alarm, and those landing on a look-alike are counted separately.

/** @param {{kind:string,file:string,line:number}[]} findings */
export function scoreFindings(manifest, findings, { kindAware = true } = {}) {
  const key = (f) => `${f.file}:${f.line}`;
  const covers = (entry, f) => entry.file === f.file && f.line >= (entry.startLine ?? entry.line) && f.line <= (entry.endLine ?? entry.line);
  const found = new Set();
  const falseAlarms = [];
  for (const f of findings) {
    const p = manifest.planted.find((e) => covers(e, f));
    if (p && (!kindAware || p.kind === f.kind)) found.add(key(p));
    else if (!p) falseAlarms.push({ ...f, lookalike: manifest.lookalikes.find((e) => covers(e, f))?.what });
  }
  const missed = manifest.planted.filter((p) => !found.has(key(p)));
  const lookalikeAlarms = new Set(falseAlarms.filter((f) => f.lookalike).map((f) => f.lookalike));
  return {
    planted: manifest.planted.length,
    found: found.size,
    missed,
    lookalikes: manifest.lookalikes.length,
    lookalikeAlarms: lookalikeAlarms.size,
    falseAlarms,
  };
}
