// The CLI from source as its own process (`node --import tsx test/server/support/cli-process.ts …`).
import { main } from '../../../src/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
