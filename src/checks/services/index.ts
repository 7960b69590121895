import type { Check } from '../types.js';
import sshAlgorithms from './ssh-algorithms.js';
import sshAuth from './ssh-auth.js';
import redis from './redis-auth.js';
import postgresql from './postgresql.js';
import httpHeaders from './http-headers.js';
import tlsVersions from './tls-versions.js';
import openPorts from './open-ports.js';

export const servicesChecks: Check[] = [sshAlgorithms, sshAuth, redis, postgresql, httpHeaders, tlsVersions, openPorts];
