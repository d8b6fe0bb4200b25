internal import Foundation
public import TallyGeo

/// Synthetic but plausible boundaries for every unit of a ``DemoCounty``: generated, contiguous, without overlaps,
/// each unit exactly the union of its children.
///
/// The area is tiled by a lattice of hexagon-like cells (bricks in offset rows, three meeting at every corner, so
/// two cells touch along an edge or not at all), about ``cellsPerVillage`` per village of 0.5 km² each. The corners
/// are jittered a little and every lattice edge is bent by two rounds of midpoint displacement, each edge once, so
/// the cells on both sides of it share the same points. The top unit is the cells inside a wavy round outline (its
/// largest connected piece, holes filled). Then, level by level, each unit's cells are divided among its children:
/// seeds are spread by farthest-point sampling and two rounds of Lloyd's relaxation, and each child grows from its
/// seed over neighbouring cells, nearest first with some noise, the one furthest behind its share growing next —
/// so every child is one connected piece. A child's share follows its number of villages; urban units (街道, 社区)
/// are smaller, and the first of them takes the middle of its parent. The borders between villages are then smoothed
/// (vertices moved towards their neighbours along each border, those where three units meet fixed), and a unit's
/// boundary is traced along the edges between its cells and other cells, so a town's outline is exactly the outline
/// of its villages and neighbours share every vertex of their common border.
///
/// Coordinates are longitude and latitude around ``centre`` (near 南昌县, code 360121), snapped to millionths of a
/// degree. The same county and seed always give the same boundaries.
public struct DemoBoundaries: Sendable {
    /// The centre of the generated area: longitude and latitude in degrees.
    public static let centre = GeoPoint(longitude: 115.95, latitude: 28.55)
    /// The area of one lattice cell, in square metres.
    public static let cellArea = 500_000.0
    /// Cells per village (reporting unit) on average.
    public static let cellsPerVillage = 12

    /// One feature per org unit, in the order of ``DemoCounty/orgUnits`` (parents before children).
    public let features: [GeoFeature]

    /// Generates the boundaries of `county`'s units.
    public init(county: DemoCounty) {
        var generator = BoundaryGenerator(units: county.orgUnits, seed: county.seed)
        features = generator.features()
    }

    /// The boundaries as a GeoJSON FeatureCollection, each feature with its `code` and `name`.
    public func geoJSON() -> String {
        GeoJSONWriter.featureCollection(features)
    }
}

extension DemoCounty {
    /// Synthetic boundaries for every unit (see ``DemoBoundaries``).
    public func boundaries() -> DemoBoundaries {
        DemoBoundaries(county: self)
    }
}

/// The lattice, the partition of its cells among the units, and the tracing of their outlines.
struct BoundaryGenerator {
    let units: [DemoOrgUnit]
    let seed: UInt64
    /// Each unit's children (indices into `units`).
    let children: [[Int]]
    /// Each unit's number of villages (leaves) below it, itself when a leaf.
    let leaves: [Int]
    /// Bricks per row and rows.
    let columns: Int
    let rows: Int
    /// Brick width and row height in metres.
    let brickWidth: Double
    let rowHeight: Double
    /// Each vertex's position in metres from the lattice centre.
    var vertices: [GeoPoint] = []
    /// Each cell's centre (unjittered) in metres.
    var centres: [GeoPoint] = []
    /// The cell on the left of each directed lattice edge, keyed by `from * vertexCount + to`.
    var owner: [Int: Int] = [:]
    /// The bent points of each lattice edge, from the lower vertex id to the higher one, ends included.
    var bends: [Int: [GeoPoint]] = [:]

    init(units: [DemoOrgUnit], seed: UInt64) {
        self.units = units
        self.seed = seed
        var index: [String: Int] = [:]
        for (i, unit) in units.enumerated() { index[unit.code] = i }
        var children = [[Int]](repeating: [], count: units.count)
        for (i, unit) in units.enumerated() {
            if let parent = unit.parentCode.flatMap({ index[$0] }) { children[parent].append(i) }
        }
        self.children = children
        var leaves = [Int](repeating: 0, count: units.count)
        for i in units.indices.reversed() {
            leaves[i] = children[i].isEmpty ? 1 : children[i].reduce(0) { $0 + leaves[$1] }
        }
        self.leaves = leaves
        let total = leaves.first ?? 1
        brickWidth = (DemoBoundaries.cellArea / (3.0.squareRoot() / 2)).squareRoot()
        rowHeight = brickWidth * 3.0.squareRoot() / 2
        // The outline stays within 1.35 times the radius of a disc of the wanted area; leave a margin of cells.
        let radius = (Double(total * DemoBoundaries.cellsPerVillage) * DemoBoundaries.cellArea / Double.pi).squareRoot()
        columns = Int((2.9 * radius / brickWidth).rounded(.up)) + 2
        rows = Int((2.9 * radius / rowHeight).rounded(.up)) + 2
    }

    // MARK: Lattice

    /// Vertices per lattice line (half-brick steps).
    var lineVertices: Int { 2 * columns + 2 }

    func vertex(line: Int, step: Int) -> Int { line * lineVertices + step }

    /// The six corners of cell `(row, column)`, anticlockwise from the bottom left.
    func corners(row: Int, column: Int) -> [Int] {
        let s = 2 * column + row % 2
        return [
            vertex(line: row, step: s), vertex(line: row, step: s + 1), vertex(line: row, step: s + 2),
            vertex(line: row + 1, step: s + 2), vertex(line: row + 1, step: s + 1), vertex(line: row + 1, step: s),
        ]
    }

    mutating func buildLattice() {
        let halfStep = brickWidth / 2
        let originX = Double(lineVertices - 1) * halfStep / 2
        let originY = Double(rows) * rowHeight / 2
        vertices = []
        vertices.reserveCapacity((rows + 1) * lineVertices)
        for line in 0...rows {
            for step in 0..<lineVertices {
                var rng = DemoRandom(seed: seed, tag: 301, line, step)
                vertices.append(
                    GeoPoint(
                        x: Double(step) * halfStep - originX + rng.uniform(-0.15...0.15) * halfStep,
                        y: Double(line) * rowHeight - originY + rng.uniform(-0.12...0.12) * rowHeight))
            }
        }
        centres = []
        for row in 0..<rows {
            for column in 0..<columns {
                let s = Double(2 * column + row % 2)
                centres.append(GeoPoint(x: (s + 1) * halfStep - originX, y: (Double(row) + 0.5) * rowHeight - originY))
                let cell = row * columns + column
                let around = corners(row: row, column: column)
                for k in 0..<6 { owner[edgeKey(around[k], around[(k + 1) % 6])] = cell }
            }
        }
    }

    func edgeKey(_ from: Int, _ to: Int) -> Int { from * vertices.count + to }

    /// The cells sharing an edge with `cell`.
    func neighbours(of cell: Int) -> [Int] {
        let around = corners(row: cell / columns, column: cell % columns)
        return (0..<6).compactMap { owner[edgeKey(around[($0 + 1) % 6], around[$0])] }
    }

    // MARK: Partition

    /// The features of every unit.
    mutating func features() -> [GeoFeature] {
        guard !units.isEmpty else { return [] }
        buildLattice()
        var members = [[Int]](repeating: [], count: units.count)
        members[0] = outline()
        for unit in units.indices where !children[unit].isEmpty {
            let parts = divide(members[unit], among: children[unit], parent: unit)
            for (child, cells) in zip(children[unit], parts) { members[child] = cells }
        }
        var leafOf = [Int](repeating: -1, count: centres.count)
        for unit in units.indices where children[unit].isEmpty {
            for cell in members[unit] { leafOf[cell] = unit }
        }
        smoothBorders(leafOf)
        let projection = GeoProjection(centre: DemoBoundaries.centre)
        var inside = [Bool](repeating: false, count: centres.count)
        return units.indices.map { unit in
            for cell in members[unit] { inside[cell] = true }
            let rings = trace(members[unit], inside: inside)
            for cell in members[unit] { inside[cell] = false }
            let geographic = rings.map { ring in ring.map { projection.unproject($0).snapped } }
            // One connected piece: the anticlockwise ring is the exterior, the others are holes.
            let exterior = geographic.indices.max {
                GeoShape.signedArea(geographic[$0]) < GeoShape.signedArea(geographic[$1])
            }
            var ordered: [[GeoPoint]] = []
            if let exterior {
                ordered = [geographic[exterior]] + geographic.indices.filter { $0 != exterior }.map { geographic[$0] }
            }
            return GeoFeature(
                code: units[unit].code, name: units[unit].name,
                shape: GeoShape(polygons: ordered.isEmpty ? [] : [GeoPolygon(rings: ordered)]))
        }
    }

    /// The top unit's cells: inside a wavy round outline, the largest connected piece, with holes filled.
    func outline() -> [Int] {
        var rng = DemoRandom(seed: seed, tag: 302)
        let radius =
            (Double((leaves.first ?? 1) * DemoBoundaries.cellsPerVillage) * DemoBoundaries.cellArea / Double.pi)
            .squareRoot()
        let waves = [(2, 0.05...0.14), (3, 0.03...0.08), (4, 0.01...0.05), (5, 0.01...0.04)].map { k, range in
            (k, rng.uniform(range), rng.uniform(0...(2 * Double.pi)))
        }
        var selected = centres.map { centre in
            let angle = atan2(centre.y, centre.x)
            var r = radius
            for (k, amplitude, phase) in waves { r += radius * amplitude * cos(Double(k) * angle + phase) }
            return (centre.x * centre.x + centre.y * centre.y).squareRoot() <= r
        }
        // Keep the largest connected piece.
        var piece = [Int](repeating: -1, count: centres.count)
        var best: [Int] = []
        for start in centres.indices where selected[start] && piece[start] < 0 {
            var cells = [start]
            piece[start] = start
            var head = 0
            while head < cells.count {
                for next in neighbours(of: cells[head]) where selected[next] && piece[next] < 0 {
                    piece[next] = start
                    cells.append(next)
                }
                head += 1
            }
            if cells.count > best.count { best = cells }
        }
        selected = [Bool](repeating: false, count: centres.count)
        for cell in best { selected[cell] = true }
        // Fill holes: every cell not reachable from the lattice's edge without crossing the piece.
        var outside = [Bool](repeating: false, count: centres.count)
        var queue = centres.indices.filter { cell in
            !selected[cell]
                && (cell < columns || cell >= centres.count - columns || cell % columns == 0
                    || cell % columns == columns - 1)
        }
        for cell in queue { outside[cell] = true }
        var head = 0
        while head < queue.count {
            for next in neighbours(of: queue[head]) where !selected[next] && !outside[next] {
                outside[next] = true
                queue.append(next)
            }
            head += 1
        }
        return centres.indices.filter { !outside[$0] }
    }

    /// Divides `cells` among `kids`, each child one connected piece with at least one cell per village below it.
    func divide(_ cells: [Int], among kids: [Int], parent: Int) -> [[Int]] {
        var attempt = 0
        while true {
            let parts = grow(cells, among: kids, parent: parent, attempt: attempt)
            if zip(kids, parts).allSatisfy({ leaves[$0.0] <= $0.1.count }) || attempt >= 50 { return parts }
            attempt += 1
        }
    }

    /// Whether a unit is urban (a sub-district or residents' committee), and so smaller.
    func isUrban(_ unit: Int) -> Bool {
        units[unit].name.hasSuffix("街道") || units[unit].name.hasSuffix("社区")
    }

    func grow(_ cells: [Int], among kids: [Int], parent: Int, attempt: Int) -> [[Int]] {
        var rng = DemoRandom(seed: seed, tag: 303, parent, attempt)
        let k = kids.count
        guard cells.count >= k else { return kids.map { _ in [] } }
        let weights = kids.map { Double(leaves[$0]) * (isUrban($0) ? 0.35 : 1) * rng.uniform(0.8...1.25) }
        let totalWeight = weights.reduce(0, +)
        let targets = weights.map { Swift.max(Double(cells.count) * $0 / totalWeight, 1) }
        func distance(_ a: GeoPoint, _ b: GeoPoint) -> Double { (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y) }
        // Seeds: urban children first, the first of them in the middle; the rest spread apart.
        let order = kids.indices.sorted { isUrban(kids[$0]) != isUrban(kids[$1]) ? isUrban(kids[$0]) : $0 < $1 }
        let middle = GeoPoint(
            x: cells.reduce(0) { $0 + centres[$1].x } / Double(cells.count),
            y: cells.reduce(0) { $0 + centres[$1].y } / Double(cells.count))
        var seeds = [Int](repeating: -1, count: k)
        var nearest = [Double](repeating: .infinity, count: cells.count)
        for (rank, kid) in order.enumerated() {
            var choice = 0
            if rank == 0 {
                let start = isUrban(kids[kid]) ? middle : centres[cells[rng.int(0...(cells.count - 1))]]
                choice = cells.indices.min {
                    distance(centres[cells[$0]], start) < distance(centres[cells[$1]], start)
                }!
            } else {
                var best = -1.0
                for (i, _) in cells.enumerated() where nearest[i] > 0 {
                    let score = nearest[i] * rng.uniform(0.8...1)
                    if score > best {
                        best = score
                        choice = i
                    }
                }
            }
            seeds[kid] = choice
            for (i, cell) in cells.enumerated() {
                nearest[i] = Swift.min(nearest[i], distance(centres[cell], centres[cells[choice]]))
            }
        }
        // Two rounds of Lloyd's relaxation: each seed moves to the cell nearest the middle of the cells nearest it.
        for _ in 0..<2 {
            var sums = [GeoPoint](repeating: GeoPoint(x: 0, y: 0), count: k)
            var counts = [Int](repeating: 0, count: k)
            for cell in cells {
                let kid = seeds.indices.min {
                    distance(centres[cell], centres[cells[seeds[$0]]])
                        < distance(
                            centres[cell], centres[cells[seeds[$1]]])
                }!
                sums[kid].x += centres[cell].x
                sums[kid].y += centres[cell].y
                counts[kid] += 1
            }
            // An urban first child keeps the middle.
            let fixed = isUrban(kids[order[0]]) ? order[0] : -1
            var taken: Set<Int> = fixed >= 0 ? [seeds[fixed]] : []
            for kid in 0..<k where kid != fixed {
                guard counts[kid] > 0 else {
                    taken.insert(seeds[kid])
                    continue
                }
                let mean = GeoPoint(x: sums[kid].x / Double(counts[kid]), y: sums[kid].y / Double(counts[kid]))
                let choice = cells.indices.filter { !taken.contains($0) }.min {
                    distance(centres[cells[$0]], mean) < distance(centres[cells[$1]], mean)
                }!
                seeds[kid] = choice
                taken.insert(choice)
            }
        }
        // Grow: the child furthest behind its share takes its nearest free neighbouring cell.
        var local: [Int: Int] = [:]
        for (i, cell) in cells.enumerated() { local[cell] = i }
        var claim = [Int](repeating: -1, count: cells.count)
        var frontier = [MinHeap](repeating: MinHeap(), count: k)
        var sizes = [Int](repeating: 0, count: k)
        let noise = cells.map { _ in 1 + 0.45 * rng.uniform() }
        func take(_ i: Int, _ kid: Int) {
            claim[i] = kid
            sizes[kid] += 1
            for next in neighbours(of: cells[i]) {
                guard let j = local[next], claim[j] < 0 else { continue }
                frontier[kid].push(distance(centres[next], centres[cells[seeds[kid]]]) * noise[j], j)
            }
        }
        for kid in 0..<k { take(seeds[kid], kid) }
        var left = cells.count - k
        while left > 0 {
            var chosen = -1
            var lowest = Double.infinity
            for kid in 0..<k {
                while let top = frontier[kid].peek, claim[top] >= 0 { frontier[kid].pop() }
                guard frontier[kid].peek != nil else { continue }
                let share = Double(sizes[kid]) / targets[kid]
                if share < lowest {
                    lowest = share
                    chosen = kid
                }
            }
            guard chosen >= 0, let cell = frontier[chosen].pop() else { break }
            take(cell, chosen)
            left -= 1
        }
        var parts = [[Int]](repeating: [], count: k)
        for (i, kid) in claim.enumerated() where kid >= 0 { parts[kid].append(cells[i]) }
        return parts
    }

    // MARK: Outlines

    /// Smooths the borders between villages (and between villages and the outside), which otherwise zigzag along
    /// the cells' edges: three rounds of moving each vertex inside a border halfway towards the middle of its two
    /// neighbours along it. Vertices where three units meet stay put, and a vertex is moved once for every unit
    /// around it, so the borders stay shared.
    mutating func smoothBorders(_ leafOf: [Int]) {
        var edges: Set<[Int]> = []
        for cell in centres.indices where leafOf[cell] >= 0 {
            let around = corners(row: cell / columns, column: cell % columns)
            for k in 0..<6 {
                let (a, b) = (around[k], around[(k + 1) % 6])
                let other = owner[edgeKey(b, a)].map { leafOf[$0] } ?? -1
                if other != leafOf[cell] { edges.insert([Swift.min(a, b), Swift.max(a, b)]) }
            }
        }
        var along: [Int: [Int]] = [:]
        for edge in edges {
            along[edge[0], default: []].append(edge[1])
            along[edge[1], default: []].append(edge[0])
        }
        for _ in 0..<3 {
            var moved = vertices
            for (vertex, pair) in along where pair.count == 2 {
                let (a, b) = (vertices[pair[0]], vertices[pair[1]])
                moved[vertex] = GeoPoint(
                    x: vertices[vertex].x / 2 + (a.x + b.x) / 4, y: vertices[vertex].y / 2 + (a.y + b.y) / 4)
            }
            vertices = moved
        }
    }

    /// The closed rings (in metres) around a set of cells: along every cell edge whose other side is not in the set.
    func trace(_ cells: [Int], inside: [Bool]) -> [[GeoPoint]] {
        var next: [Int: Int] = [:]
        var starts: [Int] = []
        for cell in cells {
            let around = corners(row: cell / columns, column: cell % columns)
            for k in 0..<6 {
                let (from, to) = (around[k], around[(k + 1) % 6])
                if let other = owner[edgeKey(to, from)], inside[other] { continue }
                next[from] = to
                starts.append(from)
            }
        }
        var used: Set<Int> = []
        var rings: [[GeoPoint]] = []
        for start in starts where !used.contains(start) {
            var ring: [GeoPoint] = []
            var from = start
            repeat {
                used.insert(from)
                let to = next[from]!
                ring.append(contentsOf: bent(from, to).dropLast())
                from = to
            } while from != start
            ring.append(ring[0])
            rings.append(ring)
        }
        return rings
    }

    /// The points of the lattice edge `from`–`to` in that direction, ends included, bent by midpoint displacement.
    func bent(_ from: Int, _ to: Int) -> [GeoPoint] {
        let (low, high) = from < to ? (from, to) : (to, from)
        var rng = DemoRandom(seed: seed, tag: 304, low, high)
        func displaced(_ a: GeoPoint, _ b: GeoPoint, _ amount: Double) -> GeoPoint {
            let dx = b.x - a.x
            let dy = b.y - a.y
            let shift = amount * rng.uniform(-1...1)
            return GeoPoint(x: (a.x + b.x) / 2 - dy * shift, y: (a.y + b.y) / 2 + dx * shift)
        }
        let a = vertices[low]
        let b = vertices[high]
        let middle = displaced(a, b, 0.10)
        let points = [a, displaced(a, middle, 0.10), middle, displaced(middle, b, 0.10), b]
        return from == low ? points : points.reversed()
    }
}

/// A binary min-heap of cell indices by priority.
struct MinHeap {
    private var items: [(priority: Double, cell: Int)] = []

    var peek: Int? { items.first?.cell }

    mutating func push(_ priority: Double, _ cell: Int) {
        items.append((priority, cell))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func pop() -> Int? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count, Self.before(items[left], items[smallest]) { smallest = left }
                if right < items.count, Self.before(items[right], items[smallest]) { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top.cell
    }

    /// Lower priority first; ties by the lower cell index, so the order never depends on insertion.
    private static func before(_ a: (priority: Double, cell: Int), _ b: (priority: Double, cell: Int)) -> Bool {
        a.priority != b.priority ? a.priority < b.priority : a.cell < b.cell
    }
}
