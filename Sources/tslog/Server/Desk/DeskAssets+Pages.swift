import Projections

/// The desk's HTML pages: fixed text with no inline script or style; what they show is filled in
/// by `/desk/app.js` with `textContent`, never markup built from data.
enum DeskAssets {
    private static func head(_ title: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>
        <link rel="stylesheet" href="/desk/app.css">
        <script src="/desk/app.js" defer></script>
        </head>

        """
    }

    /// The sign-in page; `error` (our own text) is escaped anyway.
    static func signInPage(error: String?) -> String {
        head("Sign in — tslog desk") + """
        <body data-page="signin">
        <main class="signin">
        <h1>tslog desk</h1>
        <form method="post" action="/signin">
        <label for="token">Token</label>
        <input type="password" id="token" name="token" autocomplete="current-password" required autofocus>
        <button type="submit">Sign in</button>
        </form>
        \(error.map { "<p class=\"error\" role=\"alert\">\(HTMLText.escape($0))</p>" } ?? "")
        <p class="hint">A token is a line of the server's token file (<code>ROLE NAME TOKEN</code>).</p>
        </main>
        </body>
        </html>

        """
    }

    private static let header = """
        <header>
        <a class="home" href="/">tslog desk</a>
        <span id="me"></span>
        <button type="button" id="undo" aria-keyshortcuts="u">Undo</button>
        <form method="post" action="/signout"><button type="submit">Sign out</button></form>
        </header>
        <p id="message" role="status" aria-live="polite"></p>

        """

    /// The review queue.
    static let queuePage = head("Review queue — tslog desk") + """
        <body data-page="queue">
        \(header)
        <section class="filters" aria-label="Filters">
        <label>Status <select id="f-status">
        <option value="error,rejected">errors and rejections</option>
        <option value="error">errors</option>
        <option value="rejected">rejected</option>
        <option value="submitted">submitted</option>
        <option value="accepted">accepted</option>
        <option value="all">all</option>
        </select></label>
        <label>Label type <select id="f-type">
        <option value="">any</option>
        <option value="grade">grade</option>
        <option value="defect">defect</option>
        <option value="region">region</option>
        </select></label>
        <label>Label <input id="f-label" type="search" autocomplete="off" aria-keyshortcuts="/"></label>
        <label>Changed since tag <input id="f-since" type="search" autocomplete="off"></label>
        <label>Images <select id="f-images">
        <option value="">any</option>
        <option value="conflicts">conflicts (same bytes, different labels)</option>
        <option value="mismatches">mismatches (size differs from the stored image)</option>
        </select></label>
        <output id="count" aria-live="polite"></output>
        </section>
        <p class="keys">Keys: j/k next/previous · 1–9 pick label · r relabel · d delete · u undo · / filter · Enter open</p>
        <main id="grid" class="grid" aria-label="Samples"></main>
        <button type="button" id="more" hidden>More</button>
        <div id="datalists"></div>
        </body>
        </html>

        """

    /// One sample: the crop large, its facts, the other samples with the same stored bytes, and
    /// its whole history.
    static let samplePage = head("Sample — tslog desk") + """
        <body data-page="sample">
        \(header)
        <main id="sample" class="sample"></main>
        <section id="same" aria-labelledby="same-title"><h2 id="same-title">Other samples with the same bytes</h2>
        <p id="same-summary"></p>
        <ul id="same-list"></ul>
        </section>
        <section aria-label="History"><h2>History</h2>
        <table id="history"><thead><tr><th>seq</th><th>when</th><th>event</th><th>who</th><th>before → after</th><th>reason</th></tr></thead><tbody></tbody></table>
        </section>
        <div id="datalists"></div>
        </body>
        </html>

        """
}
