/// The files written by ``DemoCounty/writeAll(to:)``.
public struct DemoFiles: Sendable, Hashable {
    /// The metadata file, `tally.yaml`.
    public var metadata: String
    /// The org units, `orgunits.csv`.
    public var orgUnits: String
    /// The data values, `data.csv`.
    public var data: String
    /// Data rows written (without the header).
    public var dataRows: Int
    /// The campaign's daily data, `campaign.csv`, when the scale has a campaign.
    public var campaignData: String?
    /// The campaign's targets, `targets.csv`, when the scale has a campaign.
    public var targets: String?
    /// The towns' own data (hospital births, matched births, census population), `towns.csv`, in the county.
    public var townData: String?
    /// The boundaries of every unit (``DemoBoundaries``), `boundaries.geojson`, at county scale.
    public var boundaries: String?

    /// A set of paths.
    public init(metadata: String, orgUnits: String, data: String, dataRows: Int) {
        self.metadata = metadata
        self.orgUnits = orgUnits
        self.data = data
        self.dataRows = dataRows
    }
}
