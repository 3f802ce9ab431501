/// Precision, recall and their harmonic mean.
public struct PrecisionRecall: Sendable, Hashable, Codable {
    public var precision: Double
    public var recall: Double
    public var f1: Double

    public init(precision: Double, recall: Double) {
        self.precision = precision
        self.recall = recall
        f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }
}

/// How well one clustering of items agrees with the gold clustering.
public struct ClusterScores: Sendable, Hashable, Codable {
    /// Over pairs of items: a system pair is correct when both items share a gold cluster.
    public var pairwise: PrecisionRecall
    /// B-cubed (Bagga & Baldwin 1998): per item, the share of its system cluster that is in its gold
    /// cluster (precision) and the share of its gold cluster found in its system cluster (recall),
    /// averaged over items.
    public var bcubed: PrecisionRecall
    public var items: Int
    public var goldClusters: Int
    public var systemClusters: Int
    /// Item pairs in one gold cluster / one system cluster / both.
    public var goldPairs: Int
    public var systemPairs: Int
    public var correctPairs: Int
}

/// Pure cluster-comparison metrics. Items are positions; `gold[i]` and `system[i]` are item i's
/// cluster labels (any strings: only equality matters).
public enum ClusterScoring {
    /// Pairwise and B-cubed scores. Conventions for empty denominators: with no system pairs
    /// pairwise precision is 1 (no wrong merge was made); with no gold pairs pairwise recall is 1;
    /// with no items every figure is 0.
    public static func score(gold: [String], system: [String]) -> ClusterScores {
        precondition(gold.count == system.count, "gold and system label every item")
        let n = gold.count
        // The contingency table: items per (gold, system) cell, and the cluster sizes.
        var cells: [Pair: Int] = [:]
        var goldSizes: [String: Int] = [:]
        var systemSizes: [String: Int] = [:]
        for (g, s) in zip(gold, system) {
            cells[Pair(gold: g, system: s), default: 0] += 1
            goldSizes[g, default: 0] += 1
            systemSizes[s, default: 0] += 1
        }
        let goldPairs = goldSizes.values.reduce(0) { $0 + choose2($1) }
        let systemPairs = systemSizes.values.reduce(0) { $0 + choose2($1) }
        let correctPairs = cells.values.reduce(0) { $0 + choose2($1) }
        let pairwise: PrecisionRecall
        let bcubed: PrecisionRecall
        if n == 0 {
            pairwise = PrecisionRecall(precision: 0, recall: 0)
            bcubed = PrecisionRecall(precision: 0, recall: 0)
        } else {
            pairwise = PrecisionRecall(
                precision: systemPairs == 0 ? 1 : Double(correctPairs) / Double(systemPairs),
                recall: goldPairs == 0 ? 1 : Double(correctPairs) / Double(goldPairs))
            // Σ over items of |S∩G|/|S| = Σ over cells of count²/|S|, and likewise for recall.
            var precisionSum = 0.0
            var recallSum = 0.0
            for (cell, count) in cells {
                let square = Double(count * count)
                precisionSum += square / Double(systemSizes[cell.system]!)
                recallSum += square / Double(goldSizes[cell.gold]!)
            }
            bcubed = PrecisionRecall(precision: precisionSum / Double(n), recall: recallSum / Double(n))
        }
        return ClusterScores(
            pairwise: pairwise, bcubed: bcubed, items: n, goldClusters: goldSizes.count, systemClusters: systemSizes.count,
            goldPairs: goldPairs, systemPairs: systemPairs, correctPairs: correctPairs)
    }

    public static func pairwise(gold: [String], system: [String]) -> PrecisionRecall {
        score(gold: gold, system: system).pairwise
    }

    public static func bcubed(gold: [String], system: [String]) -> PrecisionRecall {
        score(gold: gold, system: system).bcubed
    }

    private struct Pair: Hashable {
        var gold: String
        var system: String
    }

    private static func choose2(_ k: Int) -> Int { k * (k - 1) / 2 }
}
