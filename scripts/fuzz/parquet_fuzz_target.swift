// libFuzzer entry point for the Parquet reader, built by scripts/fuzz/parquet.sh with swiftc
// -sanitize=fuzzer,address together with Sources/HinboxParquet. The reader reads from a file, so
// each input is written to /dev/shm first. Any trap, sanitizer report, timeout or malloc over the
// limit is a finding; thrown errors are the expected outcome for damaged input.
import Foundation

let path = "/dev/shm/hinbox-parquet-fuzz-\(getpid()).parquet"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard FileManager.default.createFile(atPath: path, contents: data) else { return 0 }
    if let reader = try? ParquetReader(path: path) {
        for index in 0..<reader.rowGroupCount { _ = try? reader.readRowGroup(index) }
    }
    return 0
}
