// Child process for the cleanup test: starts a real anvil, reports its pid, then idles until signalled,
// or, given `throw`, dies of an uncaught exception right after reporting.
import { startAnvil } from '../../src/nodes/anvil.js';

const node = await startAnvil();
process.stdout.write(`${node.pid}\n`);
if (process.argv[2] === 'throw')
  setTimeout(() => {
    throw new Error('uncaught error in the tool');
  }, 200);
setInterval(() => undefined, 60_000);
