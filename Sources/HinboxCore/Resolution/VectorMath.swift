/// Dot products for evidence vectors: L2-normalised, so the dot product is the cosine.
enum VectorMath {
    /// `a · b` over `count` floats: four 8-wide accumulators for long vectors (the compiler may
    /// not reorder a scalar float sum, so it would not vectorise one), in order for the tail.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var index = 0
        var sum: Float = 0
        if count >= 32 {
            let rawA = UnsafeRawPointer(a)
            let rawB = UnsafeRawPointer(b)
            let stride = MemoryLayout<Float>.stride
            var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
            while index + 32 <= count {
                let offset = index * stride
                s0 += rawA.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) * rawB.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                s1 += rawA.loadUnaligned(fromByteOffset: offset + 32, as: SIMD8<Float>.self) * rawB.loadUnaligned(fromByteOffset: offset + 32, as: SIMD8<Float>.self)
                s2 += rawA.loadUnaligned(fromByteOffset: offset + 64, as: SIMD8<Float>.self) * rawB.loadUnaligned(fromByteOffset: offset + 64, as: SIMD8<Float>.self)
                s3 += rawA.loadUnaligned(fromByteOffset: offset + 96, as: SIMD8<Float>.self) * rawB.loadUnaligned(fromByteOffset: offset + 96, as: SIMD8<Float>.self)
                index += 32
            }
            sum = ((s0 + s1) + (s2 + s3)).sum()
        }
        while index < count {
            sum += a[index] * b[index]
            index += 1
        }
        return sum
    }

    /// `a · b` as a Double; 0 when the lengths differ.
    static func dot(_ a: [Float], _ b: [Float]) -> Double {
        guard a.count == b.count else { return 0 }
        return a.withUnsafeBufferPointer { xs in
            b.withUnsafeBufferPointer { ys in
                guard let x = xs.baseAddress, let y = ys.baseAddress else { return 0 }
                return Double(dot(x, y, count: a.count))
            }
        }
    }
}
