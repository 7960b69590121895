import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RpcClient } from '../../../src/clients/rpc.js';
import { newKey, signP2pkh, spend, type KeyPair } from '../../../src/analyzers/ledger/bitcoin/p2pkh.js';
import { encodeTx, txidOf, type Tx } from '../../../src/analyzers/ledger/bitcoin/tx.js';
import { startLitecoinNetwork, type LitecoinNetwork, type LitecoinNode } from '../../../src/nodes/litecoin.js';
import type { Expected } from '../score.js';
import { buildBlock, coinbase, ScriptedPeer } from './p2p.js';

/**
 * Drives a real litecoind (regtest) through what an audited node lives through — rejected
 * transactions, misbehaving peers, invalid blocks, refused RPC calls, a kill -9, a corrupted block
 * file and a forced reindex — and writes down, for each thing done, the lines the node is expected
 * to write about it and how they must be classified. The node writes its own debug.log; nothing
 * here writes a log line.
 */

export interface LitecoindRun {
  /** The debug.log and its rotations, oldest first (debug.log.2.gz, debug.log.1, debug.log). */
  logFiles: string[];
  expected: Expected[];
}

/** Rotates the node's debug.log the way Debian's logrotate does for a daemon that keeps it open. */
function rotate(node: LitecoinNode): void {
  const conf = join(node.datadir, 'logrotate.conf');
  writeFileSync(conf, `${node.logFile} {\n  rotate 5\n  copytruncate\n  compress\n  delaycompress\n}\n`, {
    mode: 0o644,
  });
  execFileSync('logrotate', ['-f', '-s', join(node.datadir, 'logrotate.state'), conf], { stdio: 'pipe' });
}

const NODE_CONFIG = ['debug=net', 'debug=mempoolrej', 'par=2', 'rpcthreads=1', 'rpcworkqueue=1'];
const FEE = 100_000n;
const WRONG_PASSWORD_ATTEMPTS = 3;
const FLOOD_REQUESTS = 6;

interface Coin {
  txid: string;
  vout: number;
  value: bigint;
}

async function peerId(node: LitecoinNode, peer: ScriptedPeer): Promise<number> {
  const peers = await node.call<{ id: number; addr: string }[]>('getpeerinfo');
  const p = peers.find((x) => x.addr.endsWith(`:${peer.localPort}`));
  if (!p) throw new Error(`the node does not list the scripted peer on port ${peer.localPort}`);
  return p.id;
}

async function tip(node: LitecoinNode): Promise<{ hash: string; height: number; time: number; bits: number }> {
  const hash = await node.call<string>('getbestblockhash');
  const h = await node.call<{ height: number; time: number; bits: string }>('getblockheader', [hash]);
  return { hash, height: h.height, time: h.time, bits: Number.parseInt(h.bits, 16) };
}

function signed(from: Coin, to: KeyPair, value: bigint, signer: KeyPair): Tx {
  return signP2pkh(spend({ txid: from.txid, vout: from.vout }, to.script, value), signer);
}

/**
 * Changes the last byte of a stored block (its last transaction's lock time): the block still
 * reads and its header still hashes right, but its transactions no longer match the Merkle root.
 */
function corruptStoredBlock(blockFile: string, headerHex: string, size: number): void {
  const data = readFileSync(blockFile);
  const at = data.indexOf(Buffer.from(headerHex, 'hex'));
  if (at < 0) throw new Error(`block header not found in ${blockFile}`);
  const fd = openSync(blockFile, 'r+');
  try {
    writeSync(fd, Buffer.from([data[at + size - 1] ^ 0xff]), 0, 1, at + size - 1);
  } finally {
    closeSync(fd);
  }
}

export async function driveLitecoind(): Promise<{ run: LitecoindRun; network: LitecoinNetwork }> {
  // A tutorial-style rpcuser/rpcpassword pair: the node logs the password masked (rpcpassword=****).
  const network = await startLitecoinNetwork({ nodes: 1, auth: 'weak', extraConfig: [...NODE_CONFIG] });
  const node = network.node(0);
  const expected: Expected[] = [];
  const expect = (e: Expected) => expected.push(e);
  try {
    // Every start of a fresh node finds no peers.dat, banlist.dat or anchors.dat: Table 9's "Read()" of the peer files.
    expect({
      aspect: 'error',
      classId: 'network',
      contains: 'ERROR: DeserializeFileDB: Failed to open file',
      why: 'peer data files missing at start',
    });

    const key = newKey();
    const stranger = newKey();
    const mined = await node.call<string[]>('generatetodescriptor', [110, `raw(${key.script.toString('hex')})`]);
    const coins: Coin[] = [];
    for (const hash of mined.slice(0, 6)) {
      const b = await node.call<{ tx: { txid: string; vout: { value: number }[] }[] }>('getblock', [hash, 2]);
      coins.push({ txid: b.tx[0].txid, vout: 0, value: BigInt(Math.round(b.tx[0].vout[0].value * 1e8)) });
    }

    // A transaction in the mempool, then from a peer: a conflicting one, a free one, one spending more than it has.
    const inMempool = signed(coins[0], key, coins[0].value - FEE, key);
    await node.call('sendrawtransaction', [encodeTx(inMempool).toString('hex')]);
    const p1 = await ScriptedPeer.connect(node.p2pPort);
    const id1 = await peerId(node, p1);
    const conflict = signed(coins[0], key, coins[0].value - FEE / 2n, key);
    p1.sendTx(conflict);
    expect({
      aspect: 'error',
      classId: 'transaction',
      contains: `${txidOf(conflict)} from peer=${id1} was not accepted: txn-mempool-conflict`,
      count: 1,
      why: 'double spend of a mempool transaction',
    });
    const free = signed(coins[1], key, coins[1].value, key);
    p1.sendTx(free);
    expect({
      aspect: 'error',
      classId: 'transaction',
      contains: `${txidOf(free)} from peer=${id1} was not accepted: min relay fee not met`,
      count: 1,
      why: 'transaction without fee',
    });
    await p1.sync();
    p1.send('xyzzy', Buffer.from('not a command'));
    expect({
      aspect: 'error',
      classId: 'network',
      contains: `Unknown command "xyzzy" from peer=${id1}`,
      count: 1,
      why: 'unknown P2P message',
    });
    p1.send('ping', Buffer.alloc(8), { badChecksum: true });
    expect({
      aspect: 'error',
      classId: 'network',
      contains: `CHECKSUM ERROR (ping, 8 bytes)`,
      count: 1,
      why: 'P2P message with a bad checksum',
    });
    await p1.sync();
    const overspend = signed(coins[2], key, coins[2].value + 1n, key);
    p1.sendTx(overspend);
    expect({
      aspect: 'error',
      classId: 'transaction',
      contains: `${txidOf(overspend)} from peer=${id1} was not accepted: bad-txns-in-belowout`,
      count: 1,
      why: 'outputs above inputs',
    });
    expect({
      aspect: 'error',
      classId: 'network',
      contains: `Misbehaving: peer=${id1} (0 -> 100)`,
      count: 1,
      why: 'peer punished for an invalid transaction',
    });
    await p1.waitForDisconnect();

    const p2 = await ScriptedPeer.connect(node.p2pPort);
    const id2 = await peerId(node, p2);
    const forged = signed(coins[3], key, coins[3].value - FEE, stranger);
    p2.sendTx(forged);
    expect({
      aspect: 'error',
      classId: 'transaction',
      contains: `${txidOf(forged)} from peer=${id2} was not accepted: mandatory-script-verify-flag-failed`,
      count: 1,
      why: 'signature by the wrong key',
    });
    expect({
      aspect: 'error',
      classId: 'network',
      contains: `Misbehaving: peer=${id2} (0 -> 100)`,
      count: 1,
      why: 'peer punished for an invalid signature',
    });
    await p2.waitForDisconnect();
    rotate(node);

    // Invalid blocks handed to submitblock: a transaction spending nothing, a forged signature, a wrong Merkle root.
    const t = await tip(node);
    const height = t.height + 1;
    const missing = signed({ txid: 'ab'.repeat(32), vout: 0, value: 0n }, key, 1000n, key);
    const b1 = buildBlock({
      prevHash: t.hash,
      time: t.time + 1,
      bits: t.bits,
      txs: [coinbase(height, key.script, 0n), missing],
    });
    await node.rpc().call('submitblock', [b1.hex]);
    expect({
      aspect: 'error',
      classId: 'transaction',
      contains: `Consensus::CheckTxInputs: ${txidOf(missing)}, bad-txns-inputs-missingorspent`,
      count: 1,
      why: 'block transaction spending a missing coin (cause)',
    });
    expect({
      aspect: 'error',
      classId: 'transaction',
      contains: `ConnectBlock ${b1.hash} failed, bad-txns-inputs-missingorspent`,
      count: 1,
      why: 'block refused for a transaction error (cause)',
    });
    expect({
      aspect: 'error',
      classId: 'block',
      contains: `InvalidChainFound: invalid block=${b1.hash}`,
      count: 2,
      why: 'invalid block',
    });
    const badScript = signed(coins[4], key, coins[4].value - FEE, stranger);
    const b2 = buildBlock({
      prevHash: t.hash,
      time: t.time + 2,
      bits: t.bits,
      txs: [coinbase(height, key.script, 0n), badScript],
    });
    await node.rpc().call('submitblock', [b2.hex]);
    expect({
      aspect: 'error',
      classId: 'transaction',
      contains: 'ERROR: ConnectBlock: CheckQueue failed',
      count: 1,
      why: 'script check of a block transaction failed',
    });
    expect({
      aspect: 'error',
      classId: 'block',
      contains: `ConnectBlock ${b2.hash} failed, block-validation-failed`,
      count: 1,
      why: 'block refused',
    });
    expect({
      aspect: 'error',
      classId: 'block',
      contains: `InvalidChainFound: invalid block=${b2.hash}`,
      count: 2,
      why: 'invalid block',
    });
    const b3 = buildBlock({
      prevHash: t.hash,
      time: t.time + 3,
      bits: t.bits,
      txs: [coinbase(height, key.script, 0n)],
      merkle: new Uint8Array(32),
    });
    await node.rpc().call('submitblock', [b3.hex]);
    expect({
      aspect: 'error',
      classId: 'block',
      contains: 'AcceptBlock FAILED (bad-txnmrklroot',
      count: 1,
      why: 'Merkle root mismatch',
    });

    // A block from a peer that fails proof of work.
    const p3 = await ScriptedPeer.connect(node.p2pPort);
    const id3 = await peerId(node, p3);
    const b4 = buildBlock({
      prevHash: t.hash,
      time: t.time + 4,
      bits: t.bits,
      txs: [coinbase(height, key.script, 0n)],
      badPow: true,
    });
    p3.send('block', b4.bytes);
    expect({
      aspect: 'error',
      classId: 'consensus',
      contains: 'AcceptBlock FAILED (high-hash',
      count: 1,
      why: 'proof of work failed',
    });
    expect({
      aspect: 'error',
      classId: 'network',
      contains: `Misbehaving: peer=${id3} (0 -> 100)`,
      count: 1,
      why: 'peer punished for a block failing proof of work',
    });
    await p3.waitForDisconnect();
    p3.close();
    rotate(node);

    // RPC: wrong passwords, then more concurrent calls than the work queue holds.
    for (let i = 0; i < WRONG_PASSWORD_ATTEMPTS; i++) {
      const wrong = new RpcClient({
        url: node.rpcUrl,
        headers: { authorization: `Basic ${Buffer.from(`${node.user}:wrong-${i}`).toString('base64')}` },
        timeoutMs: 10_000,
        maxBytes: 65_536,
      });
      await wrong.call('getblockcount');
    }
    expect({
      aspect: 'error',
      classId: 'rpc',
      contains: 'ThreadRPCServer incorrect password attempt from 127.0.0.1',
      count: WRONG_PASSWORD_ATTEMPTS,
      why: 'RPC login with a wrong password',
    });
    expect({
      aspect: 'auth-failure',
      source: '127.0.0.1',
      contains: 'incorrect password attempt from 127.0.0.1',
      count: WRONG_PASSWORD_ATTEMPTS,
      why: 'RPC login with a wrong password',
    });
    const flood = await Promise.all(
      Array.from({ length: FLOOD_REQUESTS }, () =>
        node
          .rpc(20_000)
          .call('waitfornewblock', [1500])
          .then((r) => r.http?.status ?? 0),
      ),
    );
    const refused = flood.filter((s) => s === 500).length;
    if (refused === 0) throw new Error('the RPC work queue refused no call');
    expect({
      aspect: 'error',
      classId: 'rpc',
      contains: 'request rejected because http work queue depth exceeded',
      count: refused,
      why: 'RPC work queue full',
    });

    // kill -9, then start again: the second start banner follows no clean shutdown. The block index
    // had not been flushed, so the node comes back at an earlier height.
    const killed = node.pid!;
    process.kill(killed, 'SIGKILL');
    await network.waitFor('litecoind to die', async () => !node.running, 10_000);
    await node.start();
    expect({
      aspect: 'crash',
      kind: 'unclean-shutdown',
      contains: 'Litecoin Core version v',
      occurrence: 2,
      why: 'restart after kill -9',
    });

    // Corrupt the stored tip block, stop cleanly and start: the start-up check finds it and the node gives up.
    await node.call('generatetodescriptor', [3, `raw(${key.script.toString('hex')})`]);
    const tipHash = await node.call<string>('getbestblockhash');
    const tipHeight = await node.call<number>('getblockcount');
    const tipHeader = await node.call<string>('getblockheader', [tipHash, false]);
    const tipSize = (await node.call<{ size: number }>('getblock', [tipHash, 1])).size;
    await node.stop();
    corruptStoredBlock(join(node.datadir, 'regtest', 'blocks', 'blk00000.dat'), tipHeader, tipSize);
    await node.start().then(
      () => {
        throw new Error('litecoind started on a corrupted block file');
      },
      () => undefined,
    );
    expect({
      aspect: 'error',
      classId: 'initialization',
      contains: 'Corrupted block database detected',
      count: 1,
      why: 'start-up integrity check failed',
    });
    expect({
      aspect: 'error',
      classId: 'initialization',
      contains: 'Aborted block database rebuild. Exiting.',
      count: 1,
      why: 'start-up refused',
    });
    expect({
      aspect: 'error',
      classId: 'block',
      contains: `ERROR: VerifyDB: *** found bad block at ${tipHeight}, hash=${tipHash} (bad-txnmrklroot`,
      count: 1,
      why: 'start-up check finds the stored block invalid (cause: Merkle root)',
    });
    expect({
      aspect: 'crash',
      kind: 'corrupted-database',
      contains: 'Corrupted block database detected',
      count: 1,
      why: 'corrupted block file at start',
    });

    // Rebuild the index from the block files.
    node.options.extraConfig!.push('reindex=1');
    await node.start();
    node.options.extraConfig!.pop();
    expect({
      aspect: 'crash',
      kind: 'forced-reindex',
      contains: 'Reindexing block file blk00000.dat',
      count: 1,
      why: 'index rebuilt with -reindex',
    });
    expect({
      aspect: 'error',
      classId: 'block',
      contains: 'ERROR: AcceptBlock: bad-txnmrklroot, hashMerkleRoot mismatch',
      count: 1,
      why: 'the reindex meets the corrupted block',
    });
    await network.waitFor(
      'the reindex to finish',
      async () => readFileSync(node.logFile, 'latin1').includes('Reindexing finished'),
      30_000,
    );
    await node.stop();
    const logFiles = [`${node.logFile}.2.gz`, `${node.logFile}.1`, node.logFile];
    return { run: { logFiles, expected }, network };
  } catch (err) {
    const tail = node.logTail(3000);
    await network.stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- debug.log tail ---\n${tail}`);
  }
}
