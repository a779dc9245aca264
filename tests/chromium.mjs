// How the project starts Debian's Chromium, shared by the browser scenarios
// and the benchmark: headless, and without the background traffic that this
// machine's closed network would refuse.

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
