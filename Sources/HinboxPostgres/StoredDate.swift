import Foundation
import NIOCore
import PostgresNIO

/// A date as the knowledge base keeps it: whole milliseconds (like the SQLite store, whose text
/// dates hold milliseconds), as `timestamptz`. Both stores so order equal rows alike.
struct StoredDate: PostgresNonThrowingEncodable, PostgresDecodable, Sendable {
    /// Milliseconds since 1970, rounded down.
    var milliseconds: Int64

    /// Rounds down to the millisecond; a date already on one (read back from either store, where
    /// `1.005` may be `1.00499999…` in binary) keeps it: a microsecond is added before rounding.
    init(_ date: Date) {
        milliseconds = Int64((date.timeIntervalSince1970 * 1000 + 0.001).rounded(.down))
    }

    var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    /// PostgreSQL's epoch, 2000-01-01, in milliseconds since 1970.
    private static let postgresEpoch: Int64 = 946_684_800_000

    static var psqlType: PostgresDataType { .timestamptz }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeInteger((milliseconds - Self.postgresEpoch) * 1000)
    }

    init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard format == .binary, type == .timestamptz || type == .timestamp, buffer.readableBytes == 8,
              let microseconds = buffer.readInteger(as: Int64.self)
        else { throw PostgresDecodingError.Code.failure }
        // Floor division, so dates before 2000 round down too.
        let (quotient, remainder) = microseconds.quotientAndRemainder(dividingBy: 1000)
        milliseconds = (remainder < 0 ? quotient - 1 : quotient) + Self.postgresEpoch
    }
}
