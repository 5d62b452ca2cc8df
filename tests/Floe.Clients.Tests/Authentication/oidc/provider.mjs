// A real OpenID provider for Floe's sign-in tests: panva's oidc-provider (a certified implementation),
// configured the way a company's identity provider would be for Floe. Started by scripts/oidc.sh, which
// sets OIDC_PORT; it listens on 127.0.0.1 only and prints "ready <issuer>" once it serves.
//
// - Access tokens are JWTs (RFC 9068) for the resource https://floe.test (resource indicators, RFC 8707),
//   signed RS256 with a key generated at start and published at <issuer>/jwks.
// - Client "ci_robot" (secret "ci-robot-secret") gets tokens with the client-credentials grant: a CI system
//   holding an identity-provider token; its tokens' sub is its client id.
// - Client "floe_cli" (public, PKCE) uses the authorization-code flow through the provider's own login page
//   (development interactions: any user name signs in, and becomes the token's sub), for a person signing in
//   through a browser with `floe` (authenticator = "externalbrowser"). It is a native app (RFC 8252): its
//   loopback redirect URI http://127.0.0.1/ matches that address on any port.
// - Client "floe_console" (public, PKCE) is Floe's web console ("Sign in with ..."), a web app whose redirect
//   URI is http://local-dev.registry.localhost/console/sso/callback, the account host of the console tests;
//   the tests' Floe listens on a free port, so that URI matches on any port (and only that host and path).
// - Scopes session:role:<ROLE> select the Floe role of the session the token opens.
import { generateKeyPairSync } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
if (!Number.isInteger(port) || port <= 0) {
  throw new Error('OIDC_PORT must be set to the port to listen on');
}

const issuer = `http://127.0.0.1:${port}`;
const resource = 'https://floe.test';
const roleScopes = ['session:role:CI', 'session:role:DEV'];
const consoleCallback = 'http://local-dev.registry.localhost/console/sso/callback';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'floe-test-1', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'ci_robot',
      client_secret: 'ci-robot-secret',
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      scope: roleScopes.join(' '),
    },
    {
      client_id: 'floe_cli',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      redirect_uris: ['http://127.0.0.1/'],
      response_types: ['code'],
    },
    {
      client_id: 'floe_console',
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      redirect_uris: [consoleCallback],
      response_types: ['code'],
    },
  ],
  scopes: ['openid', ...roleScopes],
  jwks: { keys: [signingKey] },
  pkce: { required: () => true },
  routes: { jwks: '/jwks' },
  findAccount: async (ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, indicator) => {
        if (indicator !== resource) {
          throw new errors.InvalidTarget();
        }
        return {
          scope: roleScopes.join(' '),
          audience: resource,
          accessTokenTTL: 600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
});

// The console's redirect URI on any port: the registered one once the port is taken off.
const redirectUriAllowed = provider.Client.prototype.redirectUriAllowed;
provider.Client.prototype.redirectUriAllowed = function allowConsoleOnAnyPort(value) {
  if (this.clientId === 'floe_console') {
    const url = URL.parse(value);
    if (url === null) {
      return false;
    }
    url.port = '';
    return url.href === consoleCallback;
  }
  return redirectUriAllowed.call(this, value);
};

provider.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
