const LOOPBACK_HOSTS = new Set(['localhost', '::1', '[::1]']);

/** Tests must never reach beyond this machine: every server they use is on loopback. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Throws unless every host in the URLs / host:port pairs is a loopback address. */
export function assertLoopback(...endpoints: string[]): void {
  for (const endpoint of endpoints) {
    const host = endpoint.includes('://') ? new URL(endpoint).hostname : endpoint.slice(0, endpoint.lastIndexOf(':'));
    if (!isLoopbackHost(host)) throw new Error(`tests only talk to loopback servers; refusing ${endpoint}`);
  }
}
