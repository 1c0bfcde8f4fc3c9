// How big a demo business to load: `small` for a first look, `medium` for a realistic shop,
// `large` (about a million stock moves) for benchmarks.

/// The size of the demo business `erp demo --size` loads.
package enum DemoSize: String, Sendable, CaseIterable, Codable {
    case small
    case medium
    case large
}
