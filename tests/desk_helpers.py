"""What the desk's browser tests (tests/desk_*.py) share: checks, HTTP calls, waiting on the page,
signing in. Importing it exits 77 when Playwright is not installed (the Swift tests turn that into
a skip, or a failure in CI)."""
import sys
import time
import urllib.error
import urllib.request

try:
    from playwright.sync_api import sync_playwright  # noqa: F401  (re-exported for the tests)
except ImportError:
    print("playwright is not installed (pip install playwright)", file=sys.stderr)
    sys.exit(77)


def check(condition, message):
    if not condition:
        print("FAILED: " + message, file=sys.stderr)
        sys.exit(1)
    print("ok: " + message)


def http(method, path, body=None, headers=None, *, base):
    request = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def wait(page, expression, timeout=10.0):
    """Polls `expression` in the page until it is truthy. (Playwright's wait_for_function
    evaluates a string, which the desk's CSP forbids, as it should.)"""
    deadline = time.monotonic() + timeout
    while True:
        if page.evaluate("() => !!(" + expression + ")"):
            return
        if time.monotonic() > deadline:
            check(False, "timed out waiting for: " + expression)
        time.sleep(0.03)


def sign_in(browser, token, *, base):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "/")
    page.get_by_label("Token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#grid .card")
    return context, page
