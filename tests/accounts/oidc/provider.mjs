// A real OpenID Connect provider (panva's oidc-provider) for the single sign-on tests.
// Configuration comes as JSON in OIDC_TEST_CONFIG: {"jwks": {"keys": [...]}, "clients": [...],
// "accounts": {"<login>": {"email": ..., "email_verified": true, "name": ...}}}.
// It listens on a free loopback port and prints {"issuer": "http://127.0.0.1:<port>"} once ready.
import http from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG);
// The provider's notices go to stderr: stdout carries only the line that says it is ready.
console.log = console.info = console.warn = (...args) => console.error(...args);
const server = http.createServer();

server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: config.clients,
    jwks: config.jwks,
    cookies: { keys: ['vereinbar-test-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    async findAccount(ctx, id) {
      const account = (config.accounts || {})[id] || { email: id, email_verified: false, name: id };
      return {
        accountId: id,
        async claims() {
          return { sub: id, ...account };
        },
      };
    },
  });
  provider.on('server_error', (ctx, error) => console.error('server_error', error));
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
