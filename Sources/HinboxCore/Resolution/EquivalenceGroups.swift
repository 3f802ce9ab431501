/// A domain's equivalence groups for one entity type ("Pentagon" ≡ "Department of Defense"),
/// with every member's name key computed once, so a pair of names is tested with two dictionary
/// lookups instead of normalising every member of every group for every pair.
struct EquivalenceGroups: Sendable {
    /// The groups as configured: each a list of names.
    let members: [[String]]
    /// Name key → indices of the groups that have a member with that key, ascending.
    private let groupsByKey: [String: [Int]]

    init(_ groups: [[String]]) {
        members = groups
        var byKey: [String: [Int]] = [:]
        for (position, group) in groups.enumerated() {
            for key in Set(group.map(NameNormalizer.key)) { byKey[key, default: []].append(position) }
        }
        groupsByKey = byKey
    }

    var isEmpty: Bool { groupsByKey.isEmpty }

    /// Whether one group has members with both keys (``NameNormalizer/key(_:)`` of each name).
    func sameGroup(key first: String, key second: String) -> Bool {
        guard let left = groupsByKey[first], let right = groupsByKey[second] else { return false }
        return left.contains { right.contains($0) }
    }

    /// The groups with a member whose key is one of `keys`, in configuration order.
    func groups(containingAny keys: [String]) -> [[String]] {
        Set(keys.flatMap { groupsByKey[$0] ?? [] }).sorted().map { members[$0] }
    }
}
