import type { FastifyInstance } from 'fastify';

/**
 * `GET /`: a plain page that says the server is up and where things are, so the URL printed at start leads somewhere.
 * The operator web phone and the supervisor dashboard will live here (src/web/) when they land.
 */
export function registerHomePage(app: FastifyInstance): void {
  app.get('/', (_req, reply) => reply.type('text/html; charset=utf-8').send(HOME_PAGE));
}

const HOME_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>holdless</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .2em}</style>
</head>
<body>
<h1>holdless is running</h1>
<p>Callers never hold: queues, callbacks and tasks for your contact center.</p>
<ul>
<li>REST API: <code>/api/v1</code> (Bearer token; the admin token was printed at start and is kept in <code>data/admin-token</code>)</li>
<li>API description: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a></li>
<li>Live events (Server-Sent Events): <code>/api/v1/events?access_token=...</code></li>
<li>Health: <a href="/healthz">/healthz</a></li>
</ul>
<p>The operator web phone and the supervisor dashboard are not part of this release yet; see the README's tour to work
the queue over the API.</p>
</body>
</html>
`;
