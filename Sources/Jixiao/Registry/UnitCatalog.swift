import Foundation

/// The units targets may carry, with their dimension; money units carry their factor to 元.
/// Loaded from `Schemas/units/ID@VERSION.yaml`.
public struct UnitCatalog: Sendable {
    public struct Unit: Equatable, Sendable {
        public var name: String
        public var dimension: String
        /// For money: how many 元 one of this unit is.
        public var factor: Decimal?
    }

    public var header: ArtefactHeader
    public var units: [Unit]

    public func unit(named name: String) -> Unit? {
        units.first { $0.name == name }
    }

    /// An amount in `from` expressed in `to`, when both are money units.
    public func convert(_ amount: Decimal, from: String, to: String) -> Decimal? {
        guard let source = unit(named: from)?.factor, let target = unit(named: to)?.factor, target != 0 else { return nil }
        return amount * source / target
    }
}

enum UnitCatalogLoader {
    static func load(_ url: URL) throws -> UnitCatalog {
        var (header, map) = try ArtefactFile.open(url, kind: "units")
        let units = try map.list("units") { node -> UnitCatalog.Unit in
            var unit = try YAMLMappingReader(node, file: url.path, what: "a unit")
            let result = UnitCatalog.Unit(
                name: try unit.requiredString("name"), dimension: try unit.requiredString("dimension"),
                factor: try unit.number("factor"))
            try unit.finish()
            return result
        }
        try map.finish()
        return UnitCatalog(header: header, units: units)
    }
}
