"""Security headers on every response: the site loads nothing from elsewhere but map tiles."""

from datasette import hookimpl

TILE_HOSTS = "https://*.tile.openstreetmap.org"
# Datasette's own pages and datasette-cluster-map put small inline scripts in the page,
# so scripts are limited to this origin plus inline, never to other hosts.
POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: {TILE_HOSTS}",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = [
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
]
NAMES = {name for name, _ in HEADERS}


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def with_headers(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)

            async def send_with_headers(event):
                if event["type"] == "http.response.start":
                    kept = [(k, v) for k, v in event.get("headers", []) if k.lower() not in NAMES]
                    event = dict(event, headers=kept + HEADERS)
                await send(event)

            await app(scope, receive, send_with_headers)

        return with_headers

    return wrap
