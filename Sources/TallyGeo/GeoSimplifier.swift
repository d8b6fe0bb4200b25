/// Douglas–Peucker simplification that keeps shared borders shared.
///
/// All shapes given to one call are simplified together. Their rings are cut into *arcs* at *junctions* — points
/// where three or more units meet, where a border leaves another, or where a ring touches itself: a point whose
/// neighbours along all the rings through it are not exactly two points. A border two units share is then one arc,
/// simplified once and used by both (reversed for one of them), so neighbouring units keep the very same vertices
/// and no gap or overlap opens between them. This needs the input to share vertices exactly, as the demo's
/// boundaries and most official data sets do; where two neighbours' borders have different vertices, each side is
/// simplified on its own and slivers of up to the tolerance can appear.
///
/// Each arc keeps its two ends and every point farther than ``tolerance`` metres from the simplified line (measured
/// on the plane of a ``GeoProjection`` centred on all the shapes). A ring with fewer than three junctions gets its
/// first point, the point farthest from it and the point farthest from the line between those (all in metres) as
/// fixed points, and a ring whose fixed points lie on one line gets the point farthest from that line, so that every
/// ring keeps three points off one line and never collapses — a small island stays a triangle. Should a ring still
/// come out with no area, it is dropped (a hole) or its polygon is (an exterior ring); a shape that would lose every
/// polygon keeps its original ones. Douglas–Peucker does not prevent an arc from crossing another when the tolerance
/// is large against the shapes' details; at the default tolerance, against borders of villages hundreds of metres
/// long, that does not happen.
public struct GeoSimplifier: Sendable {
    /// The tolerance of stored boundaries, 10 m: at a county's scale (about 40 m a pixel on a 1,366-pixel screen)
    /// a quarter of a pixel, and still below two pixels for a town of 10 km filling that screen.
    public static let defaultTolerance = 10.0

    /// The largest distance, in metres, between a dropped point and the simplified line.
    public var tolerance: Double

    /// A simplifier; a negative or non-finite tolerance counts as 0 (which drops only points on a straight line).
    public init(tolerance: Double = GeoSimplifier.defaultTolerance) {
        self.tolerance = tolerance.isFinite ? Swift.max(tolerance, 0) : 0
    }

    /// The tolerance for drawing `bounds` (in degrees) `width` pixels wide: half a pixel in metres.
    public static func displayTolerance(for bounds: GeoBounds, width: Double) -> Double {
        let projection = GeoProjection(fitting: bounds)
        let west = projection.project(GeoPoint(x: bounds.minX, y: bounds.centre.y))
        let east = projection.project(GeoPoint(x: bounds.maxX, y: bounds.centre.y))
        guard width > 0 else { return 0 }
        return (east.x - west.x) / width / 2
    }

    /// The features with their shapes simplified together (see ``simplify(_:)-(_)``).
    public func simplify(_ features: [GeoFeature]) -> [GeoFeature] {
        let shapes = simplify(features.map(\.shape))
        return zip(features, shapes).map { GeoFeature(code: $0.0.code, name: $0.0.name, shape: $0.1) }
    }

    /// The shapes simplified together, in the same order; points are kept, never moved.
    public func simplify(_ shapes: [GeoShape]) -> [GeoShape] {
        guard let bounds = GeoBounds(union: shapes.compactMap(\.bounds)) else { return shapes }
        let projection = GeoProjection(fitting: bounds)
        // Open rings (without the closing point) in order.
        var rings: [[GeoPoint]] = []
        for shape in shapes {
            for ring in shape.rings { rings.append(Array(ring.dropLast())) }
        }
        var fixed = GeoSimplifier.junctions(of: rings)
        for ring in rings { GeoSimplifier.anchor(ring, projection: projection, fixed: &fixed) }
        var arcs: [ArcKey: [GeoPoint]] = [:]
        var simplifiedRings: [[GeoPoint]] = []
        simplifiedRings.reserveCapacity(rings.count)
        for ring in rings {
            simplifiedRings.append(simplify(ring, fixed: fixed, projection: projection, arcs: &arcs))
        }
        var next = 0
        return shapes.map { shape in
            var polygons: [GeoPolygon] = []
            for polygon in shape.polygons {
                var kept: [[GeoPoint]] = []
                for (index, _) in polygon.rings.enumerated() {
                    let ring = simplifiedRings[next]
                    next += 1
                    let valid = ring.count >= 4 && GeoShape.signedArea(ring) != 0
                    if valid, index == 0 || !kept.isEmpty { kept.append(ring) }
                }
                if !kept.isEmpty { polygons.append(GeoPolygon(rings: kept)) }
            }
            return polygons.isEmpty ? shape : GeoShape(polygons: polygons)
        }
    }

    /// An arc's identity: its first two points in its canonical direction.
    struct ArcKey: Hashable {
        var first: GeoPoint
        var second: GeoPoint
    }

    /// The points whose neighbours along all rings are not exactly two points.
    static func junctions(of rings: [[GeoPoint]]) -> Set<GeoPoint> {
        /// Up to two distinct neighbours, and whether there were more.
        struct Neighbours {
            var a: GeoPoint?
            var b: GeoPoint?
            var more = false

            mutating func add(_ point: GeoPoint) {
                if a == point || b == point || more { return }
                if a == nil {
                    a = point
                } else if b == nil {
                    b = point
                } else {
                    more = true
                }
            }
        }
        var neighbours: [GeoPoint: Neighbours] = [:]
        for ring in rings where ring.count >= 3 {
            let n = ring.count
            for index in 0..<n {
                neighbours[ring[index], default: Neighbours()].add(ring[(index + n - 1) % n])
                neighbours[ring[index], default: Neighbours()].add(ring[(index + 1) % n])
            }
        }
        var result: Set<GeoPoint> = []
        for (point, around) in neighbours where around.more || around.b == nil {
            result.insert(point)
        }
        return result
    }

    /// Adds fixed points to `ring` until it has three that are not on one line.
    static func anchor(_ ring: [GeoPoint], projection: GeoProjection, fixed: inout Set<GeoPoint>) {
        guard ring.count >= 3 else { return }
        let plane = ring.map(projection.project)
        var indices = ring.indices.filter { fixed.contains(ring[$0]) }
        func farthest(from a: GeoPoint, _ b: GeoPoint) -> Int? {
            var best: Int?
            var bestDistance = 0.0
            for (index, point) in plane.enumerated() {
                let distance = squaredDistance(point, a, b)
                if distance > bestDistance {
                    best = index
                    bestDistance = distance
                }
            }
            return best
        }
        func add(_ index: Int?) {
            guard let index, !indices.contains(index) else { return }
            indices.append(index)
            fixed.insert(ring[index])
        }
        if indices.isEmpty {
            add(ring.indices.min { ring[$0].precedes(ring[$1]) })
        }
        if indices.count == 1 {
            add(farthest(from: plane[indices[0]], plane[indices[0]]))
        }
        if indices.count == 2 {
            add(farthest(from: plane[indices[0]], plane[indices[1]]))
            return
        }
        // Three or more: make sure they are not all on one line.
        indices.sort()
        let corners = indices.map { plane[$0] } + [plane[indices[0]]]
        let origin = plane[indices[0]]
        let far = indices.max {
            squaredDistance(plane[$0], origin, origin) < squaredDistance(plane[$1], origin, origin)
        }
        let span = squaredDistance(plane[far!], origin, origin)
        if abs(GeoShape.signedArea(corners)) <= span * 1e-12 {
            add(farthest(from: origin, plane[far!]))
        }
    }

    /// One ring (open) simplified arc by arc, returned closed.
    private func simplify(
        _ ring: [GeoPoint], fixed: Set<GeoPoint>, projection: GeoProjection, arcs: inout [ArcKey: [GeoPoint]]
    ) -> [GeoPoint] {
        let cuts = ring.indices.filter { fixed.contains(ring[$0]) }
        guard let start = cuts.first, ring.count >= 3 else { return ring + ring.prefix(1) }
        let n = ring.count
        var result: [GeoPoint] = []
        for (c, cut) in cuts.enumerated() {
            let end = c + 1 < cuts.count ? cuts[c + 1] : start + n
            let arc = (cut...end).map { ring[$0 % n] }
            let simplified = simplifyArc(arc, projection: projection, arcs: &arcs)
            result.append(contentsOf: simplified.dropLast())
        }
        result.append(result[0])
        return result
    }

    /// An arc simplified once in its canonical direction and cached; returned in the direction asked.
    private func simplifyArc(
        _ arc: [GeoPoint], projection: GeoProjection, arcs: inout [ArcKey: [GeoPoint]]
    ) -> [GeoPoint] {
        let n = arc.count
        guard n > 2 else { return arc }
        let forward =
            arc[0] != arc[n - 1]
            ? arc[0].precedes(arc[n - 1])
            : !arc[n - 2].precedes(arc[1])
        let canonical = forward ? arc : arc.reversed()
        let key = ArcKey(first: canonical[0], second: canonical[1])
        let simplified: [GeoPoint]
        if let cached = arcs[key] {
            simplified = cached
        } else {
            let keep = GeoSimplifier.douglasPeucker(canonical.map(projection.project), tolerance: tolerance)
            simplified = zip(canonical, keep).compactMap { $0.1 ? $0.0 : nil }
            arcs[key] = simplified
        }
        return forward ? simplified : simplified.reversed()
    }

    /// Which points Douglas–Peucker keeps: the ends, and recursively the point farthest from the segment between
    /// kept points while it is farther than `tolerance`.
    static func douglasPeucker(_ points: [GeoPoint], tolerance: Double) -> [Bool] {
        var keep = [Bool](repeating: false, count: points.count)
        guard let last = points.indices.last else { return keep }
        keep[0] = true
        keep[last] = true
        let limit = tolerance * tolerance
        var stack = [(0, last)]
        while let (a, b) = stack.popLast() {
            guard b > a + 1 else { continue }
            var best = a
            var bestDistance = -1.0
            for index in (a + 1)..<b {
                let distance = squaredDistance(points[index], points[a], points[b])
                if distance > bestDistance {
                    best = index
                    bestDistance = distance
                }
            }
            if bestDistance > limit {
                keep[best] = true
                stack.append((a, best))
                stack.append((best, b))
            }
        }
        return keep
    }

    /// The squared distance from `p` to the segment `a`–`b` (to `a` when they are one point).
    static func squaredDistance(_ p: GeoPoint, _ a: GeoPoint, _ b: GeoPoint) -> Double {
        let dx = b.x - a.x
        let dy = b.y - a.y
        let length = dx * dx + dy * dy
        var t = 0.0
        if length > 0 { t = Swift.min(Swift.max(((p.x - a.x) * dx + (p.y - a.y) * dy) / length, 0), 1) }
        let x = a.x + t * dx - p.x
        let y = a.y + t * dy - p.y
        return x * x + y * y
    }
}
