#!/usr/bin/env python3
"""Browser test: the desk's live updates survive a refused event stream (started by
Tests/TslogTests/Desk/DeskLiveReconnectTests.swift).

usage: desk_live_reconnect.py SERVER_URL WRITE_TOKEN

SERVER_URL is a `tslog serve --max-connections N` on an empty log. Chromium reaches it through a
proxy here that can cut every connection at once while keeping the server's side of each open, so
that those, with raw sockets holding the other slots, leave the server none: the page's new event
stream is then answered 503 by the server itself. The page must say that live updates are paused,
retry, clear the notice once the stream is open again, and show what was appended meanwhile and
after, without a reload.

Exit 0 when every check passed; otherwise 1 with the failed check on stderr; 77 without Playwright.
"""
import functools
import json
import socket
import sys
import threading
import time
import urllib.parse

import desk_helpers
from desk_helpers import check, sync_playwright, wait

SERVER, WRITE_TOKEN = sys.argv[1:3]
SERVER_PORT = urllib.parse.urlsplit(SERVER).port
http = functools.partial(desk_helpers.http, base=SERVER)


class CuttingProxy:
    """Forwards each connection to the server. `cut()` closes every browser side at once and keeps
    the server sides open — each still one of the server's --max-connections — until
    `release()`; connections made after the cut are forwarded as before."""

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.pairs = []
        self.held = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            client, _ = self.listener.accept()
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            pair = [client, upstream, False]
            with self.lock:
                self.pairs.append(pair)
            threading.Thread(target=self._pump, args=(client, upstream, pair), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, pair), daemon=True).start()

    def _pump(self, source, destination, pair):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                destination.sendall(data)
        except OSError:
            pass
        with self.lock:
            pair[0].close()
            if not pair[2]:
                pair[1].close()

    def cut(self):
        with self.lock:
            for pair in self.pairs:
                pair[2] = True
                self.held.append(pair[1])
                try:
                    pair[0].shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self.pairs = []

    def release(self):
        with self.lock:
            for upstream in self.held:
                upstream.close()
            self.held = []


def hold_free_slots():
    """Connects to the server until it answers 503: the admitted connections, which hold its
    other slots (they send nothing; --read-timeout keeps them long enough)."""
    held = []
    while True:
        s = socket.create_connection(("127.0.0.1", SERVER_PORT))
        s.settimeout(0.3)
        try:
            answer = s.recv(64)
        except socket.timeout:
            held.append(s)
            continue
        s.close()
        check(answer.startswith(b"HTTP/1.1 503"), "the server refuses a connection over its limit with 503 (%r)" % answer)
        return held


def problem(sample_id):
    """A sample answered with an error: the queue's default filter shows it."""
    return "\n".join(json.dumps(e) for e in [
        {"type": "sample.submitted", "sample_id": sample_id, "image_url": "https://x.supabase.co/a.jpg",
         "image_path": "a.jpg", "label": "mint", "label_type": "grade"},
        {"type": "nyckel.responded", "sample_id": sample_id, "status": "error", "error": "boom"},
    ]).encode()


APPEND = {"Authorization": "Bearer " + WRITE_TOKEN, "Content-Type": "application/x-ndjson"}
CARD = "!!document.querySelector('[data-sample-id=\"%s\"]')"
NOTICE = "document.querySelector('#message').textContent.startsWith('Live updates paused')"
SECONDS = "Number((document.querySelector('#message').textContent.match(/retrying in (\\d+) s/) || [])[1] || 0)"
started = time.monotonic()
status, _ = http("POST", "/v1/events", problem("00000000-0000-4000-8000-000000000001"), APPEND)
check(status == 201, "a first sample is appended")
proxy = CuttingProxy(SERVER_PORT)
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    context, page = desk_helpers.sign_in(browser, WRITE_TOKEN, base="http://127.0.0.1:%d" % proxy.port)
    status, _ = http("POST", "/v1/events", problem("00000000-0000-4000-8000-000000000002"), APPEND)
    wait(page, CARD % "00000000-0000-4000-8000-000000000002")
    check(True, "the page is live: an appended sample shows up")

    held = hold_free_slots()
    proxy.cut()
    wait(page, NOTICE, timeout=15)
    notice = page.locator("#message")
    check(notice.get_attribute("role") == "status" and "paused" in (notice.get_attribute("class") or ""),
          "a refused stream shows a notice in the page's status line: %r" % notice.inner_text())
    check(page.evaluate(SECONDS) in (1, 2), "the notice says when it retries: in 2 s (%r)" % notice.inner_text())
    wait(page, SECONDS + " >= 3", timeout=6)
    check(True, "refused again, it waits longer: %r" % notice.inner_text())

    # Appended while the stream is refused (on a held slot, which it then frees): the page shows
    # it after reconnecting, though the stream never carried it.
    during = "00000000-0000-4000-8000-000000000003"
    s = held.pop()
    body = problem(during)
    s.settimeout(10)
    s.sendall(("POST /v1/events HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer %s\r\nContent-Type: application/x-ndjson\r\n"
               "Content-Length: %d\r\nConnection: close\r\n\r\n" % (WRITE_TOKEN, len(body))).encode() + body)
    check(s.recv(64).startswith(b"HTTP/1.1 201"), "a sample is appended while the page's stream is refused")
    s.close()
    check(not page.evaluate(CARD % during), "the page does not show it yet")

    for s in held:
        s.close()
    proxy.release()
    wait(page, "!(%s)" % NOTICE, timeout=20)
    check(True, "the notice is gone once the stream is open again")
    wait(page, CARD % during)
    check(True, "what was appended while the stream was refused shows up after reconnecting, without a reload")
    after = "00000000-0000-4000-8000-000000000004"
    status, _ = http("POST", "/v1/events", problem(after), APPEND)
    check(status == 201, "a sample is appended after reconnecting")
    wait(page, CARD % after, timeout=5)
    check(True, "the reopened stream delivers it live")

    # Refused once more: the wait starts over at 2 s (a stream that opened resets it).
    held = hold_free_slots()
    proxy.cut()
    wait(page, NOTICE, timeout=15)
    check(page.evaluate(SECONDS) in (1, 2), "after a stream that opened, the wait starts over at 2 s: %r" % notice.inner_text())
    for s in held:
        s.close()
    proxy.release()
    wait(page, "!(%s)" % NOTICE, timeout=10)
    check(True, "and the notice goes once it opens")
    browser.close()
print("all live reconnect checks passed in %.1f s" % (time.monotonic() - started))
