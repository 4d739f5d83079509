import Testing
@testable import SampleDomain

/// The declarations in `Sources/SampleDomain/Events/` are consistent, and the tables the fast
/// paths walk say what the declarations say.
@Suite("Event schema")
struct SchemaTests {
    @Test("each type's table matches its declaration", arguments: EventType.allCases)
    func tables(type: EventType) {
        let table = type.table
        #expect(table.type == type)
        #expect(Array(table.wireName) == Array(type.rawValue.utf8))
        let declared = type.payloadType.fields
        #expect(table.fields.count == declared.count)
        let keys = declared.map { "\($0.key)" }
        #expect(Set(keys).count == keys.count, "a key declared twice")
        #expect(!keys.contains("sample_id") && !keys.contains("occurred_at") && !keys.contains("type") && !keys.contains("event_id"))
        for (n, field) in declared.enumerated() {
            #expect(String(decoding: table.literals[n], as: UTF8.self) == ",\"\(field.key)\":")
            #expect(Field.names[table.slots[n]] == Array("\(field.key)".utf8))
            #expect(table.allowedSlots & (1 << UInt64(table.slots[n])) != 0)
        }
    }

    @Test("a fact comes from a field of the kind it keeps", arguments: EventType.allCases)
    func facts(type: EventType) {
        for field in type.payloadType.fields {
            switch field.fact {
            case .label, .functionID:
                if case .text = field.kind {} else { Issue.record("\(field.key): a text fact from a \(field.kind) field") }
            case .labelType: #expect(field.kind == .labelType, "\(field.key)")
            case .status: #expect(field.kind == .status, "\(field.key)")
            case .clears: #expect(field.kind == .columns, "\(field.key)")
            case .none, .setsNyckelSampleID, .hasScan, .hasCrop, .sets: break
            }
        }
    }

    @Test("wire names read back, and the ordinal is the position in allCases")
    func wireNames() {
        for (n, type) in EventType.allCases.enumerated() {
            #expect(type.ordinal == n)
            var name = type.rawValue
            #expect(name.withUTF8 { EventType(wireName: $0) } == type)
        }
        var other = "sample.submitte"
        #expect(other.withUTF8 { EventType(wireName: $0) } == nil)
    }
}
