#!/usr/bin/env -S node --max-semi-space-size=32
// The `tokex` command. The sources are TypeScript run through tsx's loader, so a
// fresh clone works after `npm ci` with no build step.
// The young generation of 32 MiB semi-spaces (V8's default is 16) halves the scavenges
// of a busy server, whose every order allocates its request, records and answer: the
// flag must be given at start (V8 sizes the heap once), hence the shebang and
// `npm start`; `node bin/tokex.js` runs with V8's default (docs/adr/0013).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
