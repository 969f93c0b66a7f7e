/**
 * `GET /v1/demo/credentials`: the demo user's account, API key and secret, for the web
 * app's login page. Registered only when the server runs the demo market (`tokex serve
 * --demo`); without it the route does not exist and answers 404 like any unknown path.
 *
 * The answer hands out a trading key without a signature, by design: the demo binds to
 * 127.0.0.1 by default and its account holds only demo collateral. Never run the demo
 * on a real exchange's database.
 */
import { Type } from 'typebox';
import type { CreatedApiKey } from '../auth/key-store.ts';
import { closed, commonErrors } from '../api/schemas.ts';
import type { TypedApp } from '../http/app.ts';

export const demoCredentialsPath = '/v1/demo/credentials';

export const DemoCredentials = Type.Object(
  {
    account: Type.String({ description: 'the demo user account' }),
    apiKey: Type.String({ description: 'its API key (header tokex-key)' }),
    apiSecret: Type.String({ description: 'the secret that signs its requests' }),
  },
  closed,
);

/** Adds the demo routes to an app that is not listening yet. */
export function registerDemoRoutes(app: TypedApp, credentials: CreatedApiKey): void {
  const answer = { account: credentials.account, apiKey: credentials.apiKey, apiSecret: credentials.apiSecret };
  app.get(
    demoCredentialsPath,
    {
      schema: {
        tags: ['demo'],
        summary: 'The demo user key (demo market only: tokex serve --demo)',
        response: { 200: DemoCredentials, ...commonErrors },
      },
    },
    () => answer,
  );
}
