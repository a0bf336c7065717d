/**
 * The REST client outside WebAdmin. Start the simulated engine (`npm run engine`), then:
 *
 *   npx tsx examples/rest-client.ts
 *
 * Another engine: OVIRT_URL=https://engine.example.com OVIRT_USER=admin@internal
 * OVIRT_PASSWORD=… npx tsx examples/rest-client.ts (its CA via NODE_EXTRA_CA_CERTS).
 */
import { createEngineClient } from '../src/rest/client';
import { EngineError } from '../src/rest/errors';
import { searchQuery } from '../src/rest/search';
import { ssoLogin } from '../src/rest/sso';

function engineBaseUrl(url: string): string {
  const base = url.endsWith('/') ? url : `${url}/`;
  return base.endsWith('/ovirt-engine/') ? base : `${base}ovirt-engine/`;
}

const baseUrl = engineBaseUrl(process.env.OVIRT_URL ?? 'http://127.0.0.1:8080');

try {
  // Inside WebAdmin the plugin gets this token from pluginApi.ssoToken() instead.
  const token = await ssoLogin({
    baseUrl,
    username: process.env.OVIRT_USER ?? 'admin@internal',
    password: process.env.OVIRT_PASSWORD ?? 'ovirt',
  });
  const client = createEngineClient({ baseUrl, credentials: () => ({ kind: 'bearer', token }) });

  const info = await client.apiInfo();
  console.log(`${info.productName ?? 'engine'} ${info.version ?? ''} at ${client.apiRoot}`);

  // Every VM, page by page (sorted by name), so 10,000 VMs never arrive in one response.
  let count = 0;
  for await (const page of client.vmIterate({ pageSize: 50 })) {
    for (const vm of page) console.log(`${vm.name.padEnd(24)} ${vm.status}`);
    count += page.length;
  }

  const running = await client.vmList({ search: searchQuery().whereStatus('vm', 'up') });
  console.log(`${count} VMs, ${running.length} up`);
} catch (error) {
  console.error(error instanceof EngineError ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
}
