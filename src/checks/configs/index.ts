import type { Check } from '../types.js';
import sshd from './sshd.js';
import nginx from './nginx.js';
import redis from './redis.js';
import postgresql from './postgresql.js';
import mysql from './mysql.js';
import couchdb from './couchdb.js';
import geth from './geth.js';
import bitcoin from './bitcoin.js';
import fabric from './fabric.js';
import cometbft from './cometbft.js';
import compose from './docker-compose.js';
import terraform from './terraform.js';

export const configsChecks: Check[] = [
  sshd,
  nginx,
  redis,
  postgresql,
  mysql,
  couchdb,
  geth,
  bitcoin,
  fabric,
  cometbft,
  compose,
  terraform,
];
