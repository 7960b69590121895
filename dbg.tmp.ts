import { readFileSync } from 'node:fs';
import { analyzeSource } from './src/analyzers/solidity/analyze.js';
const r = analyzeSource('x.sol', readFileSync('corpus/contracts/blind/access/owner-and-kill-05-08.sol', 'utf8'));
for (const f of r.findings) console.log(f.line, f.detector, f.message, JSON.stringify(f.related));
