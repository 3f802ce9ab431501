// libFuzzer entry point for HinboxOTLP's protobuf reader and writer, built by
// scripts/fuzz/protobuf.sh with swiftc -sanitize=fuzzer,address together with
// Sources/HinboxOTLP/Protobuf{Reader,Writer}.swift and the reference decoder
// Tests/HinboxOTLPTests/ProtobufReference.swift. A mismatch calls fatalError (a finding, saved
// as crash-*), as does any sanitizer report.
//
// The first byte picks the mode:
// - even: the rest is wire format. ProtobufReader must read the same fields as the reference
//   decoder (ProtobufReference), or refuse where it refuses, at every level of nesting (every length-delimited
//   payload is read again as a message, as the spool's span count does, up to 8 deep).
// - odd: the rest is a program for ProtobufWriter (fields, numbers, values, nested messages); what
//   it writes must read back as written, with ProtobufReader and with the reference.

typealias Field = ProtobufReference.Field

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: count))
    guard let mode = input.first else { return 0 }
    if mode & 1 == 0 {
        compareNested(Array(input.dropFirst()), depth: 0)
    } else {
        var program = Program(bytes: Array(input.dropFirst()))
        var writer = ProtobufWriter()
        let fields = program.write(into: &writer, depth: 0)
        let read = readFields(writer.bytes)
        guard read == fields, reference(writer.bytes) == fields else {
            fatalError("round trip: wrote \(fields)\nbytes \(writer.bytes)\nread \(String(describing: read))")
        }
        compareNested(writer.bytes, depth: 0)
    }
    return 0
}

/// ProtobufReader against the reference on `bytes`, then on every payload as a nested message.
func compareNested(_ bytes: [UInt8], depth: Int) {
    let ours = readFields(bytes)
    let theirs = reference(bytes)
    guard ours == theirs else {
        fatalError("reader \(String(describing: ours)) != reference \(String(describing: theirs)) on \(bytes)")
    }
    guard depth < 8, let ours else { return }
    for case .bytes(_, let payload) in ours { compareNested(payload, depth: depth + 1) }
    // The reader on a slice that does not start at index 0, as nested payloads are read.
    let padded: [UInt8] = [0xFF, 0xFF] + bytes
    guard let sliced = ProtobufReference.read(padded[2...]) else { fatalError("slice refused what the array read: \(bytes)") }
    guard sliced == ours else { fatalError("slice read \(sliced), array \(ours)") }
}

/// What ``ProtobufReader`` reads from `bytes`; nil when it throws.
func readFields(_ bytes: [UInt8]) -> [Field]? { ProtobufReference.read(bytes[...]) }

/// The reference decoder's reading of `bytes`.
func reference(_ bytes: [UInt8]) -> [Field]? { ProtobufReference.decode(bytes) }

/// Fuzzer bytes read as writer calls: an opcode byte, then a field number (4 bytes, up to 2^29 - 1)
/// and the value the opcode needs. Runs out quietly when the bytes do.
struct Program {
    var bytes: [UInt8]
    var index = 0

    mutating func byte() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func wide(_ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for shift in 0..<count { value |= UInt64(byte() ?? 0) << UInt64(8 * shift) }
        return value
    }

    mutating func write(into writer: inout ProtobufWriter, depth: Int) -> [Field] {
        var fields: [Field] = []
        while let opcode = byte() {
            let number = Int(wide(4) & 0x1FFF_FFFF)
            switch opcode % 8 {
            case 0, 1:
                let value = wide(8) >> (UInt64(opcode) >> 2)
                writer.varintField(number, value)
                fields.append(.varint(number, value))
            case 2:
                let value = wide(8)
                writer.fixed64Field(number, value)
                fields.append(.fixed64(number, value))
            case 3:
                let value = Double(bitPattern: wide(8))
                writer.doubleField(number, value)
                fields.append(.fixed64(number, value.bitPattern))
            case 4:
                let payload = (0..<Int(byte() ?? 0) % 64).map { _ in byte() ?? 0 }
                writer.bytesField(number, payload)
                fields.append(.bytes(number, payload))
            case 5:
                let text = String(decoding: (0..<Int(byte() ?? 0) % 32).map { _ in byte() ?? 0 }, as: UTF8.self)
                writer.stringField(number, text)
                fields.append(.bytes(number, Array(text.utf8)))
            case 6 where depth < 6:
                var nestedBytes: [UInt8] = []
                writer.message(number) { nested in
                    _ = write(into: &nested, depth: depth + 1)
                    nestedBytes = nested.bytes
                }
                fields.append(.bytes(number, nestedBytes))
            default:
                return fields  // end of a nested message
            }
        }
        return fields
    }
}
