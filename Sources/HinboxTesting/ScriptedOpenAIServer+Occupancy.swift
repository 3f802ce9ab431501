public import Foundation
import Synchronization

extension ScriptedOpenAIServer {
    /// The number of model requests open at the server changed to `inFlight` at `at`.
    public struct InFlightChange: Sendable, Hashable {
        public var at: Date
        public var inFlight: Int

        public init(at: Date, inFlight: Int) {
            self.at = at
            self.inFlight = inFlight
        }
    }

    /// Every change of the model requests open since start or the last ``resetStats()``, in
    /// order: how full a client kept the server over time (benchmarks split the idle capacity into
    /// ramp-up, steady state and drain with it).
    public var occupancy: [InFlightChange] { core.state.withLock { $0.occupancy } }
}
