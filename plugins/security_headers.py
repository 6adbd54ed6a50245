"""Security headers on every response: the site loads nothing from elsewhere but map tiles.

Every response means also those the HTTP server writes itself, before or around the application:
uvicorn answers malformed HTTP with its own 400 and a crashed application with its own 500, which
no ASGI wrapper sees. Those two methods of uvicorn's HTTP protocol (h11, the one installed) are
replaced by versions that carry the same headers.
"""

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
SERVER_ERROR_HEADERS = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")] + HEADERS


# trylast: Datasette applies wrappers in the order the hooks answer, so this one is applied last and
# wraps every other plugin's wrapper (the response cache, the request guard): nothing answers around it.
@hookimpl(trylast=True)
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


def patch_uvicorn():
    try:
        import h11
        from uvicorn.protocols.http import h11_impl
    except ImportError:  # served by another server: nothing to patch
        return

    def send_400_response(self, msg):
        self.transport.write(self.conn.send(h11.Response(status_code=400, headers=SERVER_ERROR_HEADERS, reason=b"Bad Request")))
        self.transport.write(self.conn.send(h11.Data(data=msg.encode("ascii"))))
        self.transport.write(self.conn.send(h11.EndOfMessage()))
        self.transport.close()

    async def send_500_response(self):
        await self.send({"type": "http.response.start", "status": 500, "headers": SERVER_ERROR_HEADERS})
        await self.send({"type": "http.response.body", "body": b"Internal Server Error", "more_body": False})

    h11_impl.H11Protocol.send_400_response = send_400_response
    h11_impl.RequestResponseCycle.send_500_response = send_500_response


patch_uvicorn()
