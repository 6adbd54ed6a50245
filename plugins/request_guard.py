"""The site is read-only: it answers GET and HEAD (and OPTIONS, for CORS preflights), and refuses
every other method with 405 before any view runs.

Datasette 0.65 answered unknown methods (FOO, PROPFIND, TRACE) with a 500, a POST to a canned query
with a 500, and plugin routes (/-/timeline, /-/datapackage.json…) ran their GET code for any method.
"""

from datasette import hookimpl
from datasette.utils import add_cors_headers

READ_METHODS = {"GET", "HEAD"}
ALLOW = b"GET, HEAD, OPTIONS"


async def answer(send, status, headers, body=b""):
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded(scope, receive, send):
            if scope["type"] != "http" or scope["method"] in READ_METHODS:
                return await app(scope, receive, send)
            headers = [(b"allow", ALLOW)]
            if scope["method"] == "OPTIONS":
                if datasette.cors:
                    cors = {}
                    add_cors_headers(cors)
                    headers += [(k.lower().encode(), v.encode()) for k, v in cors.items()]
                return await answer(send, 204, headers)
            body = b"Method not allowed: this site is read-only and answers GET and HEAD.\n"
            await answer(send, 405, headers + [(b"content-type", b"text/plain; charset=utf-8")], body)

        return guarded

    return wrap
