// swift-tools-version:6.0
// tslog depends on nothing but the Swift toolchain: keep `dependencies` empty.
import PackageDescription

let package = Package(
    name: "tslog",
    products: [
        .executable(name: "tslog", targets: ["tslog"]),
        .library(name: "EventLog", targets: ["EventLog"]),
        .library(name: "SampleDomain", targets: ["SampleDomain"]),
        .library(name: "Projections", targets: ["Projections"]),
    ],
    dependencies: [],
    targets: [
        .target(name: "EventLog"),
        .target(name: "SampleDomain", dependencies: ["EventLog"]),
        .target(name: "Projections", dependencies: ["SampleDomain", "EventLog"]),
        .executableTarget(name: "tslog", dependencies: ["Projections", "SampleDomain", "EventLog"]),
        .executableTarget(name: "tslog-bench", dependencies: ["Projections", "SampleDomain", "EventLog"], path: "Benchmarks/tslog-bench"),
        .target(name: "TestSupport", dependencies: ["SampleDomain", "EventLog"], path: "Tests/TestSupport"),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog", "SampleDomain", "TestSupport"]),
        .testTarget(name: "SampleDomainTests", dependencies: ["SampleDomain", "EventLog", "TestSupport"]),
        .testTarget(name: "ProjectionsTests", dependencies: ["Projections", "SampleDomain", "EventLog"]),
        .testTarget(name: "TslogTests", dependencies: ["tslog", "Projections", "SampleDomain", "EventLog", "TestSupport"]),
        .testTarget(name: "DifferentialTests", dependencies: ["tslog", "Projections", "SampleDomain", "EventLog", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
