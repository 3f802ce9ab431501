import HinboxParquet

extension ArticleLoader {
    /// A Parquet value as the JSON value ``ArticleFields`` expects: text as strings, integers as
    /// numbers (Unix seconds for a date field), timestamps and dates as ISO dates.
    static func jsonValue(_ value: ParquetValue?) -> JSONValue? {
        switch value {
        case nil: return nil
        case .string(let text)?: return .string(text)
        case .bytes(let bytes)?: return String(validating: bytes, as: UTF8.self).map(JSONValue.string)
        case .int32(let number)?: return .number(Double(number))
        case .int64(let number)?: return .number(Double(number))
        case .float(let number)?: return .number(Double(number))
        case .double(let number)?: return .number(number)
        case .boolean: return nil
        case .timestamp(let stamp)?:
            let seconds = stamp.secondsSince1970
            guard seconds.isFinite, abs(seconds) < 1e13 else { return nil }
            return .string(isoDate(daysSince1970: Int64((seconds / 86_400).rounded(.down))))
        case .date(let days)?: return .string(isoDate(daysSince1970: Int64(days)))
        }
    }

    /// `YYYY-MM-DD` of a day count since 1970-01-01 (proleptic Gregorian, Howard Hinnant's civil_from_days).
    static func isoDate(daysSince1970 days: Int64) -> String {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let pad = { (value: Int64, width: Int) in String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
