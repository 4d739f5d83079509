#!/usr/bin/env python3
"""Browser test of tslog's audit desk: Playwright driving Debian's chromium against a running
`tslog serve` (started by Tests/TslogTests/DeskBrowserTests.swift).

usage: desk_browser.py BASE_URL TSLOG_BINARY LOG_DIR SERVE_STDOUT WRITE_TOKEN READ_TOKEN SHORT_URL SHORT_LOG
                       [SCREENSHOT_DIR]

SHORT_URL is a second `tslog serve --session-idle 1` on SHORT_LOG (same tokens), where sessions end.

Exit 0 when every check passed; otherwise 1 with the failed check on stderr. Exit 77 when
Playwright is not installed (the Swift test turns that into a skip, or a failure in CI).
"""
import functools
import json
import re
import subprocess
import sys
import time
import urllib.request

import desk_helpers
from desk_helpers import check, sync_playwright, wait

BASE, TSLOG, LOG, SERVE_OUT, WRITE_TOKEN, READ_TOKEN, SHORT, SHORT_LOG = sys.argv[1:9]
SHOTS = sys.argv[9] if len(sys.argv) > 9 else None
XSS = "<img src=x onerror=alert(1)>"
http = functools.partial(desk_helpers.http, base=BASE)
sign_in = functools.partial(desk_helpers.sign_in, base=BASE)


def tslog(*args, log=LOG):
    r = subprocess.run([TSLOG, *args, "--log", log], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        print("tslog %s failed: %s" % (" ".join(args), r.stderr), file=sys.stderr)
        sys.exit(1)
    return r.stdout


def history(sample_id, log=LOG):
    return json.loads(tslog("history", sample_id, "--format", "json", log=log))


dialogs = []
started = time.monotonic()
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])

    # --- sign in: the cookie holds a random session id, never the token; no token in the URL
    a_context, a = sign_in(browser, WRITE_TOKEN)
    a.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    cookies = a_context.cookies()
    session = [c for c in cookies if c["name"] == "tslog_session"]
    check(len(session) == 1 and session[0]["httpOnly"] and session[0]["sameSite"] == "Strict",
          "sign-in sets an HttpOnly, SameSite=Strict session cookie")
    check(WRITE_TOKEN not in session[0]["value"] and WRITE_TOKEN not in a.url, "the token is in neither the cookie nor the URL")
    check(a.locator("#me").inner_text().startswith("reviewer"), "the page names who is signed in")
    with urllib.request.urlopen(BASE + "/", timeout=10) as r:
        csp = r.headers.get("Content-Security-Policy", "")
    check("default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp,
          "the page carries a strict Content-Security-Policy")
    status, _ = http("GET", "/desk/api/samples")
    check(status == 401, "the desk's API refuses a request without a session (401)")

    # --- filter to errors; the count equals tslog query
    a.select_option("#f-status", "error")
    wait(a, "document.querySelector('#count').textContent !== '' && "
                        "[...document.querySelectorAll('#grid .card')].every(c => c.dataset.status === 'error')")
    shown = int(a.locator("#count").get_attribute("data-total"))
    failed = len(json.loads(tslog("query", "failed", "--limit", "1000000", "--format", "json")))
    check(shown == failed and shown > 0, "errors: the desk counts %d, tslog query failed lists %d" % (shown, failed))
    a.select_option("#f-status", "error,rejected")
    wait(a, "[...document.querySelectorAll('#grid .card')].some(c => c.dataset.status === 'rejected')")
    shown = int(a.locator("#count").get_attribute("data-total"))
    problems = len(json.loads(tslog("query", "problems", "--format", "json")))
    check(shown == problems, "errors and rejections: the desk counts %d, tslog query problems lists %d" % (shown, problems))
    a.select_option("#f-status", "error")
    wait(a, "[...document.querySelectorAll('#grid .card')].every(c => c.dataset.status === 'error')")

    # --- the crops render from the image store
    wait(a, "[...document.querySelectorAll('#grid .card img')].length > 0 && "
                        "[...document.querySelectorAll('#grid .card img')].every(i => i.complete && i.naturalWidth > 0)")
    sources = a.eval_on_selector_all("#grid .card img", "imgs => imgs.map(i => i.getAttribute('src'))")
    check(all(re.fullmatch(r"/images/[0-9a-f]{64}", s) for s in sources),
          "every crop (%d) renders (naturalWidth > 0) from the image store" % len(sources))
    check(a.get_by_role("button", name="Relabel").count() > 0 and a.get_by_role("button", name="Delete").count() > 0
          and a.get_by_role("button", name="Undo").count() == 1, "buttons are named Relabel, Delete, Undo")

    # --- relabel by keyboard: j selects the first card, r opens the label field, Enter saves
    a.locator("body").click(position={"x": 5, "y": 5})
    a.keyboard.press("j")
    first = a.evaluate("document.activeElement.dataset.sampleId")
    check(first is not None, "j selects the first card")
    before = history(first)[-1]["label_after"]
    a.keyboard.press("r")
    check(a.evaluate("document.activeElement.classList.contains('relabel') && !!document.activeElement.list"),
          "r puts the focus in a label field that offers the labels of its type")
    a.keyboard.press("Escape")
    check(a.evaluate("!document.querySelector('#grid input.relabel')") and len(history(first)) >= 1,
          "Escape cancels")
    a.keyboard.press("r")
    new_label = "near_mint" if before != "near_mint" else "heavy_wear"
    a.keyboard.type(new_label)
    a.keyboard.press("Enter")
    wait(a, "document.querySelector('#message').textContent.startsWith('Relabeled')")
    last = history(first)[-1]
    check(last["type"] == "sample.relabeled" and last["label_after"] == new_label and last["data"]["actor"] == "reviewer",
          "tslog history shows the keyboard relabel with the token's name as actor")

    # --- 1–9 pick a label of the card's type
    a.keyboard.press("j")
    second = a.evaluate("document.activeElement.dataset.sampleId")
    labels = a.evaluate("[...document.getElementById('labels-' + document.activeElement.dataset.labelType)?.options || []].map(o => o.value)")
    n_before = len(history(second))
    a.keyboard.press("2")
    wait(a, "document.querySelector('#message').textContent.includes(%s)" % json.dumps(second))
    h = history(second)
    check(len(h) == n_before + 1 and h[-1]["type"] == "sample.relabeled", "2 relabels the selected card with a label of its type")

    # --- conflict: B (signed in by the one-time link) relabels first; A's attempt appends nothing
    once = re.search(r"http://\S+/signin\?once=[0-9a-f]+", open(SERVE_OUT).read()).group(0)
    b_context = browser.new_context()
    b = b_context.new_page()
    b.goto(once)
    b.wait_for_selector("#grid .card")
    check(b.url == BASE + "/", "the one-time link signs in and leaves no secret in the URL")
    reused = b_context.new_page()
    reused.goto(once)
    check("already used" in reused.content(), "the one-time link works once")
    reused.close()
    b.select_option("#f-status", "error")
    a.keyboard.press("k")
    target = a.evaluate("document.activeElement.dataset.sampleId")
    check(target == first, "k goes back to the previous card")
    a.keyboard.press("r")  # A starts editing what it sees now
    b.wait_for_selector('[data-sample-id="%s"]' % target)
    b.locator('[data-sample-id="%s"]' % target).get_by_role("button", name="Relabel").click()
    b.keyboard.type("damaged")
    b.keyboard.press("Enter")
    wait(b, "document.querySelector('#message').textContent.startsWith('Relabeled')")
    events_before = len(history(target))
    a.keyboard.type("mint")
    a.keyboard.press("Enter")
    wait(a, "document.querySelector('#message').textContent.startsWith('Conflict')")
    card_label = a.locator('[data-sample-id="%s"] .label' % target).inner_text()
    h = history(target)
    check(len(h) == events_before and h[-1]["label_after"] == "damaged" and card_label == "damaged",
          "the later relabel shows a conflict and the new state, and appends nothing")

    # --- undo: A's last action (the second card's relabel) comes back as a new event
    a.keyboard.press("u")
    wait(a, "document.querySelector('#message').textContent.startsWith('Undone')")
    h = history(second)
    check(h[-1]["type"] == "sample.relabeled" and h[-1]["label_after"] == h[-2]["label_before"] and len(h) == n_before + 2,
          "u undoes the last action with a new event (nothing erased)")
    # the undo's own live refresh lands before the next keys are pressed
    wait(a, "Number(document.body.dataset.seq) >= %d" % h[-1]["seq"])

    # --- delete with a reason
    a.keyboard.press("j")
    a.keyboard.press("j")
    victim = a.evaluate("document.activeElement.dataset.sampleId")
    a.keyboard.press("d")
    a.keyboard.type("blurry crop")
    a.keyboard.press("Enter")
    wait(a, "document.querySelector('#message').textContent.startsWith('Deleted')")
    last = history(victim)[-1]
    check(last["type"] == "sample.deleted" and last["data"]["reason"] == "blurry crop" and last["data"]["actor"] == "reviewer",
          "d deletes with a reason, recorded with the actor")

    # --- an HTTP append appears on the open page within 2 s; its XSS label is text
    new_id = "00000000-0000-4000-8000-00000000d35c"
    lines = "\n".join([
        json.dumps({"type": "sample.submitted", "sample_id": new_id, "image_url": "javascript:alert(2)",
                    "image_path": "x/y.jpg", "label": XSS, "label_type": "grade"}),
        json.dumps({"type": "nyckel.responded", "sample_id": new_id, "status": "error", "error": "boom"}),
    ]).encode()
    sent = time.monotonic()
    status, _ = http("POST", "/v1/events", lines, {"Authorization": "Bearer " + WRITE_TOKEN, "Content-Type": "application/x-ndjson"})
    check(status == 201, "the HTTP append is stored")
    a.wait_for_selector('[data-sample-id="%s"]' % new_id, timeout=2000)
    check(time.monotonic() - sent < 2.0, "the appended sample is on the open page within 2 s (%.2f s)" % (time.monotonic() - sent))
    xss_card = a.locator('[data-sample-id="%s"]' % new_id)
    check(xss_card.locator(".label").inner_text() == XSS and xss_card.locator("img").count() == 0
          and a.locator('img[src="x"]').count() == 0, "the XSS label is text, and a javascript: URL is no image")
    a.wait_for_timeout(300)
    check(dialogs == [], "no dialog opened")

    # --- the sample page: the crop large and its whole history
    a.goto(BASE + "/desk/sample?id=" + second)
    a.wait_for_selector("#history tbody tr")
    rows = a.locator("#history tbody tr").count()
    check(rows == len(history(second)), "the sample page lists its whole history (%d events)" % rows)
    wait(a, "document.querySelector('#sample img') && document.querySelector('#sample img').naturalWidth > 0")

    # --- an editor opened while a live refresh of the sample page is on its way keeps what was
    # typed: the answer is held back (fetch delayed in the page) until after the editor opened
    a.evaluate("""() => { const f = window.fetch; window.__slow = true; window.__held = 0;
      window.fetch = (url, opts) => (window.__slow && String(url).startsWith('/desk/api/sample?'))
        ? (window.__held += 1, new Promise((resolve) => setTimeout(() => resolve(f(url, opts)), 800))) : f(url, opts); }""")
    status, _ = http("POST", "/v1/events", json.dumps({"type": "sample.relabeled", "sample_id": first, "label": "refresh-probe"}).encode(),
                     {"Authorization": "Bearer " + WRITE_TOKEN, "Content-Type": "application/x-ndjson"})
    check(status == 201, "another sample's relabel is stored (the sample page refreshes on it)")
    wait(a, "window.__held > 0")
    a.keyboard.press("r")
    a.keyboard.type("half-typed")
    a.wait_for_timeout(1200)
    check(a.evaluate("document.querySelector('#sample input.relabel') && document.querySelector('#sample input.relabel').value")
          == "half-typed", "a live refresh that lands while the sample page's editor is open keeps what was typed")
    a.evaluate("() => { window.__slow = false; }")
    a.keyboard.press("Escape")
    wait(a, "Number(document.body.dataset.seq) >= %d" % history(first)[-1]["seq"])

    # --- a label with a direction override (U+202E) turns only itself around: in the history's
    # "before → after", the arrow stays left of the next label (each label is isolated)
    for label in ("\u202egnp.exe", "plain-after"):
        status, _ = http("POST", "/v1/events", json.dumps({"type": "sample.relabeled", "sample_id": second, "label": label}).encode(),
                         {"Authorization": "Bearer " + WRITE_TOKEN, "Content-Type": "application/x-ndjson"})
        check(status == 201, "a relabel to %r is stored" % label)
    a.goto(BASE + "/desk/sample?id=" + second)
    wait(a, "[...document.querySelectorAll('#history tbody tr')].pop()?.children[4]?.textContent.includes('plain-after')")
    check(a.evaluate("""(() => { const td = [...document.querySelectorAll('#history tbody tr')].pop().children[4];
        const t = td.firstChild, s = t.data;
        const box = (i, n) => { const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + n); return r.getBoundingClientRect(); };
        return box(s.indexOf('\u2192'), 1).right <= box(s.indexOf('plain-after'), 11).left; })()"""),
          "a direction override in the label before does not turn the arrow and the label after around")

    # --- the other samples with the same bytes: a planted conflict of the demo, as images check lists it
    # images check exits 1 when it lists conflicts or mismatches, as it must here
    r = subprocess.run([TSLOG, "images", "check", "--format", "json", "--log", LOG], capture_output=True, text=True, timeout=60)
    check(r.returncode == 1, "images check exits 1 on the demo's planted problems")
    report = json.loads(r.stdout)
    check(len(report["conflicts"]) > 0 and len(report["mismatches"]) > 0 and len(report["duplicates"]) > len(report["conflicts"]),
          "the demo plants duplicates (%d), conflicts (%d) and mismatches (%d) for images check"
          % (len(report["duplicates"]), len(report["conflicts"]), len(report["mismatches"])))
    group = report["conflicts"][0]["sample_ids"]
    x, others = group[0], group[1:]

    def same_bytes_shown(page):
        return page.eval_on_selector_all("#same-list li", "lis => lis.map(l => [l.dataset.sampleId, l.querySelector('a').textContent])")

    a.goto(BASE + "/desk/sample?id=" + x)
    wait(a, "document.querySelector('#same-list li')")
    shown = same_bytes_shown(a)
    labels = {o: [h["label_after"] for h in history(o) if h["label_after"] is not None][-1] for o in others}
    check([i for i, _ in shown] == others and all(labels[i] == text for i, text in shown),
          "the sample page lists the other samples with the same bytes, with their labels (%s)" % shown)
    check("conflict" in a.locator("#same-summary").inner_text(), "and says their labels differ (a conflict)")
    wait(a, "document.querySelector('#sample img') && document.querySelector('#sample img').naturalWidth > 0")
    if SHOTS:
        a.screenshot(path=SHOTS + "/desk-sample.png", full_page=True)
    a.locator("#same-list a").first.click()
    a.wait_for_url("**/desk/sample?id=" + others[0])
    wait(a, "document.querySelector('#same-list li')")
    check(x in [i for i, _ in same_bytes_shown(a)], "its link opens the other sample's page, which lists this one back")
    # A hostile label on a sample with the same bytes is text there too (and arrives live).
    status, _ = http("POST", "/v1/events", json.dumps({"type": "sample.relabeled", "sample_id": others[0], "label": XSS}).encode(),
                     {"Authorization": "Bearer " + WRITE_TOKEN, "Content-Type": "application/x-ndjson"})
    check(status == 201, "a relabel to the XSS label is stored")
    a.goto(BASE + "/desk/sample?id=" + x)
    wait(a, "document.querySelector('#same-list li a') && document.querySelector('#same-list li a').textContent === %s" % json.dumps(XSS))
    a.wait_for_timeout(300)
    check(a.locator('img[src="x"]').count() == 0 and dialogs == [], "the XSS label in the same-bytes list is text, no dialog")
    # ... and a direction override in a label there turns only the label around, not the facts after it
    status, _ = http("POST", "/v1/events", json.dumps({"type": "sample.relabeled", "sample_id": others[0], "label": "\u202egnp.exe"}).encode(),
                     {"Authorization": "Bearer " + WRITE_TOKEN, "Content-Type": "application/x-ndjson"})
    check(status == 201, "a relabel to a label with U+202E is stored")
    a.goto(BASE + "/desk/sample?id=" + x)
    wait(a, "document.querySelector('#same-list li a') && document.querySelector('#same-list li a').textContent === '\u202egnp.exe'")
    check(a.evaluate("""(() => { const li = document.querySelector('#same-list li');
        return li.querySelector('a').getBoundingClientRect().right <= li.querySelector('.same-facts').getBoundingClientRect().left; })()"""),
          "the same-bytes list keeps a label's direction override to the label")

    # --- a read token's session cannot write
    c_context, c = sign_in(browser, READ_TOKEN)
    c.select_option("#f-status", "error")
    wait(c, "[...document.querySelectorAll('#grid .card')].every(c => c.dataset.status === 'error')")
    victim2 = c.locator("#grid .card").first.get_attribute("data-sample-id")
    count = len(history(victim2))
    c.locator("#grid .card").first.get_by_role("button", name="Relabel").click()
    c.keyboard.type("mint")
    c.keyboard.press("Enter")
    wait(c, "document.querySelector('#message').textContent.includes('read token')")
    check(len(history(victim2)) == count, "a read token's session cannot write (403, nothing appended)")

    # --- a cross-site POST is refused, even with a valid write session's cookie
    cookie = "tslog_session=" + session[0]["value"]
    body = json.dumps({"sample_id": victim2, "expect_last_seq": 10 ** 9, "label": "mint"}).encode()
    for extra in ({"Origin": "http://evil.example"}, {"Origin": BASE, "Sec-Fetch-Site": "cross-site"}, {}):
        status, _ = http("POST", "/desk/api/relabel", body, {"Cookie": cookie, "Content-Type": "application/json", **extra})
        check(status == 403, "a cross-site POST is refused (%s) → %d" % (extra or "no Origin", status))
    check(len(history(victim2)) == count, "the refused POSTs appended nothing")

    # --- the queue's screenshot, then sign out
    if SHOTS:
        a.goto(BASE + "/")
        # the crops on the first screen (the others load lazily, when scrolled to)
        wait(a, "document.querySelectorAll('#grid .card').length > 0 && [...document.querySelectorAll('#grid .card img')]"
                ".filter(i => i.getBoundingClientRect().top < innerHeight).every(i => i.complete && i.naturalWidth > 0)")
        a.screenshot(path=SHOTS + "/desk-queue.png")
    a.goto(BASE + "/")
    a.get_by_role("button", name="Sign out").click()
    a.wait_for_selector("input[name=token]")
    check(a.get_by_label("Token").count() == 1, "signing out ends the session")

    # --- a session that ends (SHORT: --session-idle 1) sends its page to the sign-in page: a
    # write's 401 (not "sign in first" as an error), and a quiet page's event stream, which the
    # server closes at the next event (not sent) so that the browser's reconnect is 401
    d_context, d = sign_in(browser, WRITE_TOKEN, base=SHORT)
    e_context, e = sign_in(browser, WRITE_TOKEN, base=SHORT)
    wait(d, "[...document.querySelectorAll('#grid .card img')].every(i => i.complete)")
    wait(e, "[...document.querySelectorAll('#grid .card img')].every(i => i.complete)")
    time.sleep(1.6)
    card = d.locator("#grid .card").first
    expired_id = card.get_attribute("data-sample-id")
    events_before = len(history(expired_id, log=SHORT_LOG))
    card.get_by_role("button", name="Relabel").click()
    d.keyboard.type("mint")
    d.keyboard.press("Enter")
    d.wait_for_selector("input[name=token]", timeout=5000)
    check(d.url == SHORT + "/" and len(history(expired_id, log=SHORT_LOG)) == events_before,
          "a relabel after the session expired goes to the sign-in page and appends nothing")
    status, _ = http("POST", "/v1/events", json.dumps({"type": "sample.relabeled", "sample_id": expired_id, "label": "mint"}).encode(),
                     {"Authorization": "Bearer " + WRITE_TOKEN, "Content-Type": "application/x-ndjson"}, base=SHORT)
    check(status == 201, "an event is appended after the session expired")
    e.wait_for_selector("input[name=token]", timeout=5000)
    check(e.url == SHORT + "/", "the open page whose session expired goes to the sign-in page when the server ends its stream")
    browser.close()
print("all desk checks passed in %.1f s" % (time.monotonic() - started))
