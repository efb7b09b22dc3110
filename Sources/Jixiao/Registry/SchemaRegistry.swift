import Foundation

/// Everything under `Schemas/` that validation, compatibility checks and migration use,
/// loaded once.
public struct SchemaRegistry: Sendable {
    public var frameworks: FrameworkCatalog
    public var filingSchemas: [FilingSchema]
    public var unitCatalogs: [UnitCatalog]
    public var ruleBooks: [RuleBook]
    public var migrations: [MigrationMap]
    public var compatibilityPolicies: [CompatibilityPolicy]

    /// The default data folder's registry, loaded once per process.
    public static func standard() throws -> SchemaRegistry {
        try cache.value(orLoad: { try load(from: DataDirectory.schemas()) })
    }

    private static let cache = LockedValue<SchemaRegistry>()

    public static func load(from schemas: URL) throws -> SchemaRegistry {
        func folder(_ name: String) -> URL { schemas.appendingPathComponent(name) }
        let registry = SchemaRegistry(
            frameworks: try FrameworkCatalog.load(from: folder("frameworks")),
            filingSchemas: try ArtefactFile.loadFolder(folder("filings"), FilingSchemaLoader.load),
            unitCatalogs: try ArtefactFile.loadFolder(folder("units"), UnitCatalogLoader.load),
            ruleBooks: try ArtefactFile.loadFolder(folder("rules"), RuleBookLoader.load),
            migrations: try ArtefactFile.loadFolder(folder("migrations"), MigrationMapLoader.load),
            compatibilityPolicies: try ArtefactFile.loadFolder(folder("compatibility"), CompatibilityPolicyLoader.load))
        try registry.checkReferences()
        return registry
    }

    /// Every reference between artefacts resolves: a filing schema's unit catalog, and the
    /// frameworks and node codes of each migration map.
    func checkReferences() throws {
        for schema in filingSchemas {
            do {
                _ = try units(schema.units)
            } catch let error as JixiaoError {
                throw error.moved("registry-format", to: SourcePosition(file: schema.header.file))
            }
        }
        for map in migrations {
            let place = SourcePosition(file: map.header.file)
            let (source, target): (Framework, Framework)
            do {
                (source, target) = (try frameworks.framework(map.from), try frameworks.framework(map.to))
            } catch let error as JixiaoError {
                throw error.moved("registry-format", to: place)
            }
            for move in map.moves {
                if source.place(ofCode: move.from) == nil {
                    throw JixiaoError("registry-format", key: "migration-unknown-node", ["framework": source.reference, "code": move.from], at: place)
                }
                if target.place(ofCode: move.to) == nil {
                    throw JixiaoError("registry-format", key: "migration-unknown-node", ["framework": target.reference, "code": move.to], at: place)
                }
            }
        }
    }

    /// The latest released filing schema for a kind of filing, or the one named.
    public func filingSchema(for kind: Filing.Kind, named reference: String? = nil) throws -> FilingSchema {
        try ArtefactFile.pick(reference ?? kind.rawValue, from: filingSchemas.filter { $0.kind == kind }, kind: "filing schema") { $0.header }
    }

    public func units(_ reference: String) throws -> UnitCatalog {
        try ArtefactFile.pick(reference, from: unitCatalogs, kind: "unit catalog") { $0.header }
    }

    /// The latest released rule book (`validation`), or the one named.
    public func ruleBook(_ reference: String = "validation") throws -> RuleBook {
        try ArtefactFile.pick(reference, from: ruleBooks, kind: "rule book") { $0.header }
    }

    public func compatibilityPolicy(_ reference: String = "framework-changes") throws -> CompatibilityPolicy {
        try ArtefactFile.pick(reference, from: compatibilityPolicies, kind: "compatibility table") { $0.header }
    }

    /// The migration map from one framework version to another, if the registry has one.
    public func migration(from source: Framework, to target: Framework) -> MigrationMap? {
        migrations.filter { $0.from == source.reference && $0.to == target.reference }
            .max { $0.header.version < $1.header.version }
    }
}
