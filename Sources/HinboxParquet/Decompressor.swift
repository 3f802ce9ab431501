import CZlib
import CZstd

/// Decompresses one page's bytes with the column chunk's codec into exactly `size` bytes.
enum Decompressor {
    static func decompress(_ input: ArraySlice<UInt8>, codec: Int32, size: Int) throws -> [UInt8] {
        switch codec {
        case 0:
            guard input.count == size else { throw ParquetError.corrupt("uncompressed page of \(input.count) bytes, header says \(size)") }
            return Array(input)
        case 1: return try Snappy.decompress(input, expectedSize: size)
        case 2: return try inflate(input, size: size)
        case 6: return try zstd(input, size: size)
        default: throw ParquetError.unsupported("\(codecName(codec)) compression")
        }
    }

    static func codecName(_ codec: Int32) -> String {
        switch codec {
        case 0: return "UNCOMPRESSED"
        case 1: return "SNAPPY"
        case 2: return "GZIP"
        case 3: return "LZO"
        case 4: return "BROTLI"
        case 5: return "LZ4"
        case 6: return "ZSTD"
        case 7: return "LZ4_RAW"
        default: return "codec #\(codec)"
        }
    }

    /// GZIP (RFC 1952) pages; zlib-wrapped data is accepted too (window bits 15 + 32 detects both).
    private static func inflate(_ input: ArraySlice<UInt8>, size: Int) throws -> [UInt8] {
        // Deflate expands at most ~1032:1, so a larger declared size is a damaged header: refuse it before allocating.
        guard size <= input.count * 1032 + 1024 else {
            throw ParquetError.corrupt("GZIP page of \(input.count) bytes cannot hold the \(size) bytes its header says")
        }
        var output = [UInt8](repeating: 0, count: size)
        var source = Array(input)
        // zlib keeps a pointer to its stream and checks it on every call, so the stream needs a fixed address.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ParquetError.io("zlib could not start")
        }
        defer { inflateEnd(stream) }
        let status: Int32 = source.withUnsafeMutableBufferPointer { sourceBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.pointee.next_in = sourceBuffer.baseAddress
                stream.pointee.avail_in = uInt(sourceBuffer.count)
                stream.pointee.next_out = outputBuffer.baseAddress
                stream.pointee.avail_out = uInt(outputBuffer.count)
                return CZlib.inflate(stream, Z_FINISH)
            }
        }
        let produced = Int(stream.pointee.total_out)
        guard status == Z_STREAM_END, produced == size else {
            let reason = status == Z_STREAM_END ? "\(produced) bytes" : "zlib status \(status)"
            throw ParquetError.corrupt("GZIP page did not decompress to the \(size) bytes its header says (\(reason))")
        }
        return output
    }

    private static func zstd(_ input: ArraySlice<UInt8>, size: Int) throws -> [UInt8] {
        // A frame that states its size must state the header's, checked before allocating.
        let stated = input.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        if stated == ZSTD_CONTENTSIZE_ERROR { throw ParquetError.corrupt("ZSTD page does not start with a ZSTD frame") }
        if stated != ZSTD_CONTENTSIZE_UNKNOWN, stated != UInt64(size) {
            throw ParquetError.corrupt("ZSTD page holds \(stated) bytes, header says \(size)")
        }
        var output = [UInt8](repeating: 0, count: size)
        let result = input.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { destination in
                ZSTD_decompress(destination.baseAddress, destination.count, source.baseAddress, source.count)
            }
        }
        if ZSTD_isError(result) != 0 {
            let reason = ZSTD_getErrorName(result).map { String(cString: $0) } ?? "unknown error"
            throw ParquetError.corrupt("ZSTD page: \(reason)")
        }
        guard result == size else { throw ParquetError.corrupt("ZSTD page decompressed to \(result) bytes, header says \(size)") }
        return output
    }
}
