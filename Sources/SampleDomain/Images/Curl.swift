import EventLog

/// libcurl's easy interface — the library the toolchain's URLSession is built on — loaded when a
/// command first makes an HTTP request (`images fetch`), not linked: linked, it and its ~30
/// libraries were loaded by every command at start, ~10 ms of each (docs/performance.md,
/// "Process start"). The C functions are bound by name with the types of their declarations in
/// `curl/curl.h`; the variadic `curl_easy_setopt` and `curl_easy_getinfo` are bound once per
/// argument type, which the x86-64 and AArch64 Linux calling conventions pass as a fixed
/// argument.
package final class Curl: Sendable {
    /// The library, loaded on first use; or why it could not be.
    package static let shared: Result<Curl, SharedLibrary.Unavailable> = {
        do throws(SharedLibrary.Unavailable) { return .success(try Curl()) } catch { return .failure(error) }
    }()

    /// An easy handle: one transfer at a time, keeping its connections for the next.
    package typealias Handle = OpaquePointer

    // The C functions (curl/curl.h).
    private let easyInit: @convention(c) () -> Handle?
    private let easyReset: @convention(c) (Handle?) -> Void
    private let easyCleanup: @convention(c) (Handle?) -> Void
    private let easyPerform: @convention(c) (Handle?) -> Int32
    private let setLong: @convention(c) (Handle?, Int32, Int) -> Int32
    private let setPointer: @convention(c) (Handle?, Int32, UnsafeRawPointer?) -> Int32
    private let getLong: @convention(c) (Handle?, Int32, UnsafeMutablePointer<Int>) -> Int32
    private let getOffset: @convention(c) (Handle?, Int32, UnsafeMutablePointer<Int64>) -> Int32
    private let getString: @convention(c) (Handle?, Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>) -> Int32
    private let slistAppend: @convention(c) (OpaquePointer?, UnsafePointer<CChar>) -> OpaquePointer?
    private let slistFreeAll: @convention(c) (OpaquePointer?) -> Void
    private let strerror: @convention(c) (Int32) -> UnsafePointer<CChar>?

    private init() throws(SharedLibrary.Unavailable) {
        let library = try SharedLibrary(firstOf: ["libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"])
        let globalInit = try library.function("curl_global_init", as: (@convention(c) (Int) -> Int32).self)
        easyInit = try library.function("curl_easy_init", as: (@convention(c) () -> Handle?).self)
        easyReset = try library.function("curl_easy_reset", as: (@convention(c) (Handle?) -> Void).self)
        easyCleanup = try library.function("curl_easy_cleanup", as: (@convention(c) (Handle?) -> Void).self)
        easyPerform = try library.function("curl_easy_perform", as: (@convention(c) (Handle?) -> Int32).self)
        setLong = try library.function("curl_easy_setopt", as: (@convention(c) (Handle?, Int32, Int) -> Int32).self)
        setPointer = try library.function("curl_easy_setopt", as: (@convention(c) (Handle?, Int32, UnsafeRawPointer?) -> Int32).self)
        getLong = try library.function("curl_easy_getinfo", as: (@convention(c) (Handle?, Int32, UnsafeMutablePointer<Int>) -> Int32).self)
        getOffset = try library.function("curl_easy_getinfo", as: (@convention(c) (Handle?, Int32, UnsafeMutablePointer<Int64>) -> Int32).self)
        getString = try library.function(
            "curl_easy_getinfo", as: (@convention(c) (Handle?, Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>) -> Int32).self)
        slistAppend = try library.function("curl_slist_append", as: (@convention(c) (OpaquePointer?, UnsafePointer<CChar>) -> OpaquePointer?).self)
        slistFreeAll = try library.function("curl_slist_free_all", as: (@convention(c) (OpaquePointer?) -> Void).self)
        strerror = try library.function("curl_easy_strerror", as: (@convention(c) (Int32) -> UnsafePointer<CChar>?).self)
        // CURL_GLOBAL_ALL, once, before any handle (this runs once, under Swift's lazy-global lock).
        let code = globalInit(3)
        guard code == 0 else { throw SharedLibrary.Unavailable(description: "curl_global_init failed (\(code))") }
    }

    /// A new handle; nil when libcurl cannot make one (out of memory).
    package func makeHandle() -> Handle? { easyInit() }

    /// Frees `handle` and closes its connections.
    package func release(_ handle: Handle) { easyCleanup(handle) }

    /// One request: what `perform` sends.
    package struct Request {
        package var url: String
        /// `POST` with `body`, else `GET`.
        package var body: [UInt8]?
        /// Whole header lines (`Name: value`).
        package var headers: [String]
        /// Seconds for the whole transfer, connecting included.
        package var timeout: Double
        /// The most body bytes to keep; a body announced or found longer stops the transfer.
        package var maxBytes: Int
        /// Stop at the first body byte of a response that is not a 2xx (its body is not wanted).
        package var only2xxBodies: Bool

        package init(url: String, body: [UInt8]? = nil, headers: [String], timeout: Double, maxBytes: Int, only2xxBodies: Bool) {
            self.url = url
            self.body = body
            self.headers = headers
            self.timeout = timeout
            self.maxBytes = maxBytes
            self.only2xxBodies = only2xxBodies
        }
    }

    /// What came back of one request.
    package struct Response {
        /// libcurl's result code: 0 when the transfer completed (whatever the HTTP status).
        package var code: Int32
        /// libcurl's words for a failure (its error buffer), empty on success.
        package var message: String
        /// The final response's HTTP status (after redirects), if one came.
        package var status: Int?
        package var contentType: String?
        /// The final response's `Content-Length`, or -1.
        package var contentLength: Int64
        package var body: [UInt8]
        /// Why the transfer was stopped before its end, if it was.
        package var stopped: Stop?

        package var timedOut: Bool { code == 28 }  // CURLE_OPERATION_TIMEDOUT
        /// The connection closed before the announced `Content-Length` arrived.
        package var shortBody: Bool { code == 18 }  // CURLE_PARTIAL_FILE
    }

    /// Why a transfer was stopped at its first or a later body chunk.
    package enum Stop: Equatable {
        case status(Int)
        case contentLength(Int64)
        case overLimit
    }

    /// Makes `request` on `handle` (reset first: its connections stay open for the next), blocking
    /// the calling thread. Follows up to 5 redirects, to http and https only.
    package func perform(_ request: Request, on handle: Handle) -> Response {
        easyReset(handle)
        let transfer = Transfer(curl: self, handle: handle, maxBytes: request.maxBytes, only2xxBodies: request.only2xxBodies)
        var errorBuffer = [CChar](repeating: 0, count: 512)  // CURL_ERROR_SIZE is 256
        var headerList: OpaquePointer?
        for line in request.headers { headerList = line.withCString { slistAppend(headerList, $0) } }
        headerList = "Expect:".withCString { slistAppend(headerList, $0) }  // no 100-continue round trip
        defer { slistFreeAll(headerList) }
        let body = request.body ?? []
        let code: Int32 = request.url.withCString { url in
            errorBuffer.withUnsafeMutableBufferPointer { errors in
                body.withUnsafeBytes { bodyBytes in
                    _ = setPointer(handle, Option.url, url)
                    _ = setPointer(handle, Option.errorBuffer, errors.baseAddress)
                    _ = setLong(handle, Option.noSignal, 1)
                    _ = setLong(handle, Option.followLocation, 1)
                    _ = setLong(handle, Option.maxRedirects, 5)
                    _ = setLong(handle, Option.protocols, Option.httpAndHTTPS)
                    _ = setLong(handle, Option.redirectProtocols, Option.httpAndHTTPS)
                    _ = setLong(handle, Option.timeoutMilliseconds, max(1, Int(request.timeout * 1000)))
                    _ = setLong(handle, Option.connectTimeoutMilliseconds, max(1, Int(request.timeout * 1000)))
                    _ = "tslog".withCString { setPointer(handle, Option.userAgent, $0) }  // libcurl copies strings
                    // "": every encoding this libcurl decodes is offered, and a compressed body is
                    // decoded before it reaches `Transfer` (and its size limit) — a server that
                    // compresses what it serves still gives the image's own bytes.
                    _ = "".withCString { setPointer(handle, Option.acceptEncoding, $0) }
                    _ = setPointer(handle, Option.httpHeader, headerList.map { UnsafeRawPointer($0) })
                    if request.body != nil {
                        _ = setLong(handle, Option.postFieldSize, body.count)
                        // Any non-null pointer for an empty body: none of it is read.
                        _ = setPointer(handle, Option.postFields, bodyBytes.baseAddress ?? UnsafeRawPointer(url))
                    }
                    _ = setPointer(handle, Option.writeFunction, unsafeBitCast(Curl.write, to: UnsafeRawPointer.self))
                    return withExtendedLifetime(transfer) {
                        _ = setPointer(handle, Option.writeData, UnsafeRawPointer(Unmanaged.passUnretained(transfer).toOpaque()))
                        return easyPerform(handle)
                    }
                }
            }
        }
        var response = Response(code: code, message: "", status: status(handle), contentType: nil,
                                contentLength: contentLength(handle), body: transfer.body, stopped: transfer.stopped)
        var type: UnsafePointer<CChar>?
        if getString(handle, Info.contentType, &type) == 0, let type { response.contentType = String(cString: type) }
        if code != 0 {
            let buffered = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            response.message = buffered.isEmpty ? strerror(code).map { String(cString: $0) } ?? "error \(code)" : buffered
        }
        return response
    }

    /// The handle's last HTTP status; nil before any response.
    fileprivate func status(_ handle: Handle) -> Int? {
        var code = 0
        return getLong(handle, Info.responseCode, &code) == 0 && code > 0 ? code : nil
    }

    /// The handle's last response's `Content-Length`, or -1.
    fileprivate func contentLength(_ handle: Handle) -> Int64 {
        var length: Int64 = -1
        return getOffset(handle, Info.contentLengthDownload, &length) == 0 ? length : -1
    }

    /// The write callback: hands each body chunk to the transfer; 0 stops it (CURLE_WRITE_ERROR).
    private static let write: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        guard let data, let context else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
        return transfer.receive(bytes) ? bytes.count : 0
    }

    /// The numbers of curl/curl.h this file uses.
    private enum Option {
        static let writeData: Int32 = 10001, url: Int32 = 10002, errorBuffer: Int32 = 10010
        static let writeFunction: Int32 = 20011, postFields: Int32 = 10015, userAgent: Int32 = 10018
        static let httpHeader: Int32 = 10023, followLocation: Int32 = 52, postFieldSize: Int32 = 60
        static let maxRedirects: Int32 = 68, noSignal: Int32 = 99, timeoutMilliseconds: Int32 = 155
        static let connectTimeoutMilliseconds: Int32 = 156, protocols: Int32 = 181, redirectProtocols: Int32 = 182
        static let acceptEncoding: Int32 = 10102
        static let httpAndHTTPS = 1 | 2  // CURLPROTO_HTTP | CURLPROTO_HTTPS
    }

    private enum Info {
        static let responseCode: Int32 = 0x200000 + 2, contentType: Int32 = 0x100000 + 18
        static let contentLengthDownload: Int32 = 0x600000 + 15
    }
}

/// One transfer's state, which the write callback fills.
private final class Transfer {
    let curl: Curl
    let handle: Curl.Handle
    let maxBytes: Int
    let only2xxBodies: Bool
    var body: [UInt8] = []
    var sawHeaders = false
    var stopped: Curl.Stop?

    init(curl: Curl, handle: Curl.Handle, maxBytes: Int, only2xxBodies: Bool) {
        self.curl = curl
        self.handle = handle
        self.maxBytes = maxBytes
        self.only2xxBodies = only2xxBodies
    }

    /// Keeps `bytes`; false to stop: a refused status or `Content-Length` at the first chunk, or
    /// a body past the limit.
    func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if !sawHeaders {
            sawHeaders = true
            let code = curl.status(handle) ?? 0
            let length = curl.contentLength(handle)
            if only2xxBodies, !(200..<300).contains(code) {
                stopped = .status(code)
                return false
            }
            if length > Int64(maxBytes) {
                stopped = .contentLength(length)
                return false
            }
        }
        guard body.count + bytes.count <= maxBytes else {
            stopped = .overLimit
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }
}
