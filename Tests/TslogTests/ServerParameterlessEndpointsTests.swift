import Foundation
import Testing

/// `GET /healthz` and `GET /metrics` take no parameter and refuse one as every other endpoint
/// does (`/v1/status?x=1`): 400, `{"error":"unknown parameter 'x'; this endpoint takes none",
/// "parameter":"x"}`. They answered 200 and ignored it.
@Suite("tslog serve: /healthz and /metrics refuse parameters")
struct ServerParameterlessEndpointsTests {
    @Test func anUnknownParameterIs400NamingItAsOnTheOtherEndpoints() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        let reference = try server.request("GET", "/v1/status?bogus=1", token: ServerProcess.readToken)
        #expect(reference.status == 400)
        for (path, token) in [("/healthz", nil), ("/metrics", ServerProcess.readToken)] {
            let r = try server.request("GET", path + "?bogus=1", token: token)
            #expect(r.status == 400 && r.text == reference.text, "\(path)?bogus=1: \(r.status) \(r.text)")
            #expect(try server.request("GET", path, token: token).status == 200, "\(path) without one")
        }
        #expect(try server.stop() == 0)
    }
}
