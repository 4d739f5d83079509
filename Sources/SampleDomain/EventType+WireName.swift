import EventLog

extension EventType {
    /// The type whose wire name (`rawValue`) is exactly `bytes`, or nil for any other bytes.
    ///
    /// For the read path, which names the type of every record: no `String` is made, and no
    /// array of the cases is built or shared between threads.
    public init?(wireName bytes: UnsafeBufferPointer<UInt8>) {
        guard let p = bytes.baseAddress else { return nil }
        func named(_ name: StaticString) -> Bool {
            name.utf8CodeUnitCount == bytes.count && bytesEqual(name.utf8Start, p, bytes.count)
        }
        switch bytes.count {
        case 14 where named("sample.deleted"): self = .sampleDeleted
        case 16 where named("sample.submitted"): self = .sampleSubmitted
        case 16 where named("nyckel.responded"): self = .nyckelResponded
        case 16 where named("sample.relabeled"): self = .sampleRelabeled
        case 18 where named("nyckel.resubmitted"): self = .nyckelResubmitted
        default: return nil
        }
    }
}
