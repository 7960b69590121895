import { errorMessage } from '../../errors.js';
import { maskUrl } from '../../mask.js';
import { defineCheck } from '../types.js';
import { HOSTILE_ORIGIN } from './rpc-cors.js';
import { wsHandshake } from './transport.js';

export default defineCheck(
  {
    id: 'evm.ws.any-origin',
    title: 'WebSocket RPC accepts connections from any web origin',
    description:
      'Browsers do not apply CORS to WebSockets; the server must check the Origin header itself. A node that upgrades a connection from any origin can be driven by any web page its operator opens, with every namespace the WebSocket endpoint offers.',
    targetKinds: ['evm-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['rpc', 'websocket', 'browser'],
    remediation:
      'Restrict WebSocket origins (geth --ws.origins https://app.example) or turn the WebSocket endpoint off where it is not needed.',
    references: [
      'https://geth.ethereum.org/docs/interacting-with-geth/rpc',
      'https://www.rfc-editor.org/rfc/rfc6455#section-10.2',
    ],
    level: 'passive',
  },
  async (ctx) => {
    const t = ctx.target;
    // Dev nodes and many clients serve WebSocket on the HTTP port; probe that when no ws URL is given.
    const url = t.ws ?? t.rpc;
    const headers = ctx.rpc(t).options.headers ?? {};
    let hs;
    try {
      hs = await wsHandshake(url, HOSTILE_ORIGIN, 10_000, ctx.signal, headers);
    } catch (err) {
      return [
        {
          status: t.ws ? 'error' : 'not-applicable',
          message: `no WebSocket endpoint answered at ${maskUrl(url)}: ${errorMessage(err)}`,
        },
      ];
    }
    const evidence = [
      { label: `WebSocket upgrade ${maskUrl(url)} Origin: ${HOSTILE_ORIGIN}`, value: `HTTP ${hs.status}` },
    ];
    if (hs.status === 101)
      return [
        { status: 'fail', message: `WebSocket upgrade accepted from the foreign origin ${HOSTILE_ORIGIN}`, evidence },
      ];
    if (!t.ws && hs.status !== 403)
      return [
        {
          status: 'not-applicable',
          message: `no WebSocket service on the RPC port (HTTP ${hs.status}); give \`ws\` in the scope to probe another endpoint`,
          evidence,
        },
      ];
    return [
      { status: 'pass', message: `WebSocket upgrade from a foreign origin refused (HTTP ${hs.status})`, evidence },
    ];
  },
);
