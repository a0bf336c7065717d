/** A page's URL-hash parameters, framework-free (boot scripts read them before React loads). */
export function parseHash(hash: string): Record<string, string> {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  return Object.fromEntries(params.entries());
}
