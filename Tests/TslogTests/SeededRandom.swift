import SampleDomain

/// Every random input in these tests comes from a fixed seed: the one SplitMix64 (SampleDomain's,
/// which the demo data uses too).
typealias SplitMix64 = SampleDomain.SplitMix64
