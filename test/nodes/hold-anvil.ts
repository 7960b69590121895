// Child process for the cleanup test: starts a real anvil, reports its pid, then idles until signalled.
import { startAnvil } from '../../src/nodes/anvil.js';

const node = await startAnvil();
process.stdout.write(`${node.pid}\n`);
setInterval(() => undefined, 60_000);
