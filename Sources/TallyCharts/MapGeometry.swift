/// Plane geometry for drawing maps: inside tests, distances and the point of a shape farthest from its border.
enum MapGeometry {
    /// Whether `point` lies inside `rings` by the even-odd rule (holes and separate parts alike).
    static func contains(_ rings: [[ChartPoint]], _ point: ChartPoint) -> Bool {
        var inside = false
        for ring in rings where ring.count > 2 {
            var previous = ring[ring.count - 1]
            for current in ring {
                if (current.y > point.y) != (previous.y > point.y) {
                    let x = previous.x + (point.y - previous.y) / (current.y - previous.y) * (current.x - previous.x)
                    if point.x < x { inside.toggle() }
                }
                previous = current
            }
        }
        return inside
    }

    /// The distance from `point` to the nearest edge of `rings`.
    static func distance(_ rings: [[ChartPoint]], _ point: ChartPoint) -> Double {
        var best = Double.infinity
        for ring in rings where !ring.isEmpty {
            var previous = ring[ring.count - 1]
            for current in ring {
                best = Swift.min(best, squaredDistance(point, previous, current))
                previous = current
            }
        }
        return best.squareRoot()
    }

    /// The squared distance from `p` to the segment `a`–`b`.
    static func squaredDistance(_ p: ChartPoint, _ a: ChartPoint, _ b: ChartPoint) -> Double {
        let dx = b.x - a.x
        let dy = b.y - a.y
        let length = dx * dx + dy * dy
        var t = 0.0
        if length > 0 { t = Swift.min(Swift.max(((p.x - a.x) * dx + (p.y - a.y) * dy) / length, 0), 1) }
        let x = a.x + t * dx - p.x
        let y = a.y + t * dy - p.y
        return x * x + y * y
    }

    /// The area enclosed by a ring (shoelace, absolute).
    static func area(_ ring: [ChartPoint]) -> Double {
        guard ring.count > 2 else { return 0 }
        var twice = 0.0
        var previous = ring[ring.count - 1]
        for current in ring {
            twice += previous.x * current.y - current.x * previous.y
            previous = current
        }
        return abs(twice) / 2
    }

    /// Whether any edge of `rings` passes through `rect`.
    static func edgesCross(_ rings: [[ChartPoint]], _ rect: ChartRect) -> Bool {
        for ring in rings where !ring.isEmpty {
            var previous = ring[ring.count - 1]
            for current in ring {
                if segmentHits(rect, previous, current) { return true }
                previous = current
            }
        }
        return false
    }

    /// Whether the segment `a`–`b` touches `rect` (Liang–Barsky clipping).
    static func segmentHits(_ rect: ChartRect, _ a: ChartPoint, _ b: ChartPoint) -> Bool {
        var t0 = 0.0
        var t1 = 1.0
        let dx = b.x - a.x
        let dy = b.y - a.y
        for (p, q) in [(-dx, a.x - rect.x), (dx, rect.maxX - a.x), (-dy, a.y - rect.y), (dy, rect.maxY - a.y)] {
            if p == 0 {
                if q < 0 { return false }
            } else {
                let r = q / p
                if p < 0 {
                    if r > t1 { return false }
                    t0 = Swift.max(t0, r)
                } else {
                    if r < t0 { return false }
                    t1 = Swift.min(t1, r)
                }
            }
        }
        return true
    }

    /// The inside point of `rings` farthest from their edges, found on a 12 × 12 grid over the bounding box and
    /// refined twice on finer grids around the best point; `nil` when no grid point is inside.
    static func interiorPoint(_ rings: [[ChartPoint]]) -> (point: ChartPoint, clearance: Double)? {
        let points = rings.joined()
        guard let first = points.first else { return nil }
        var minX = first.x
        var maxX = first.x
        var minY = first.y
        var maxY = first.y
        for point in points {
            minX = Swift.min(minX, point.x)
            maxX = Swift.max(maxX, point.x)
            minY = Swift.min(minY, point.y)
            maxY = Swift.max(maxY, point.y)
        }
        var best: (point: ChartPoint, clearance: Double)?
        func consider(_ point: ChartPoint) {
            guard contains(rings, point) else { return }
            let clearance = distance(rings, point)
            if clearance > (best?.clearance ?? -1) { best = (point, clearance) }
        }
        let cells = 12.0
        var stepX = (maxX - minX) / cells
        var stepY = (maxY - minY) / cells
        for gy in 0..<Int(cells) {
            for gx in 0..<Int(cells) {
                consider(ChartPoint(x: minX + (Double(gx) + 0.5) * stepX, y: minY + (Double(gy) + 0.5) * stepY))
            }
        }
        for _ in 0..<2 {
            guard let centre = best?.point else { break }
            stepX /= 3
            stepY /= 3
            for gy in -3...3 {
                for gx in -3...3 {
                    consider(ChartPoint(x: centre.x + Double(gx) * stepX, y: centre.y + Double(gy) * stepY))
                }
            }
        }
        return best
    }
}
