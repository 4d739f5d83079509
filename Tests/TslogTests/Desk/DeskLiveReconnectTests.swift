import Foundation
import TestSupport
import Testing

/// The desk's live updates never stop silently: `tests/desk_live_reconnect.py` has the built
/// `tslog serve --max-connections 8` refuse a Chromium page's event stream with 503 (every slot
/// held), and checks that the page shows "Live updates paused — retrying in N s", retries, clears
/// the notice once the stream is open, and shows what was appended meanwhile and after without a
/// reload. Before, the browser closed the refused EventSource for good and the page silently
/// stopped updating.
struct DeskLiveReconnectTests {
    @Test func aRefusedStreamIsRetriedWithANotice() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        // --read-timeout: the connections holding the slots send nothing and must stay admitted.
        let server = try ServerProcess(directory: dir.path, arguments: ["--max-connections", "8", "--read-timeout", "120",
                                                                        "--heartbeat", "0.5"])
        defer { _ = try? server.stop() }
        try DeskBrowserScript.run("desk_live_reconnect.py", ["http://127.0.0.1:\(server.port)", ServerProcess.writeToken],
                                  directory: dir.path, server: server, passed: "all live reconnect checks passed", timeout: 120)
    }
}
