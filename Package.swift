// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Jixiao",
    products: [
        .library(name: "Jixiao", targets: ["Jixiao"]),
        .executable(name: "jixiao", targets: ["JixiaoCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Tests only: a second, independent YAML reader to check canonical YAML against, and an
        // independent zip writer to make damaged and unusual archives with.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        // `jixiao serve` only: the HTTP server (Sources/JixiaoServer).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // System C libraries, reached through pkg-config. Only Sources/Jixiao/YAML/LibYAML*.swift
        // (libyaml), XLSX/XLSXWorkbookWriter.swift (libxlsxwriter), Readers/HTML/LibXML2HTMLParser.swift
        // (libxml2) and Packages/ZipArchive.swift and ZipChecksum.swift (libdeflate, and zlib for
        // entries inflated a piece at a time) import them; no C type crosses into the model.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CLibZ",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CLibDeflate",
            pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"])]
        ),
        // glibc's malloc.h, for the command-line tool's thresholds (JixiaoCLI/JixiaoCommand.swift).
        .systemLibrary(name: "CMalloc"),
        .target(
            name: "Jixiao",
            dependencies: ["CLibYAML", "CXLSXWriter", "CLibXML2", "CLibZ", "CLibDeflate"]
        ),
        // The HTTP layer of `jixiao serve`: routes that call the same library functions as the
        // commands, and the page's words and the OpenAPI document as resources.
        .target(
            name: "JixiaoServer",
            dependencies: [
                "Jixiao",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "JixiaoCLI",
            dependencies: [
                "Jixiao",
                "JixiaoServer",
                "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // mimalloc in place of glibc's malloc, for the release build only: forms and sheets are
            // many small blocks made and freed (libxlsxwriter's cells, Swift's strings), where glibc's
            // malloc costs a tenth of writing (BENCHMARKS.md). Debug builds keep glibc's, under
            // which the sanitizers run.
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux], configuration: .release))]
        ),
        .testTarget(
            name: "JixiaoTests",
            dependencies: ["Jixiao", "ZIPFoundation", .product(name: "Yams", package: "Yams")],
            exclude: ["Fixtures"]
        ),
    ]
)

// The fuzz targets (Fuzz/), built only by scripts/fuzz.sh, which sets JIXIAO_FUZZ and libFuzzer's
// flags: an executable without a main of its own does not link in an ordinary build.
if Context.environment["JIXIAO_FUZZ"] != nil {
    package.products.append(.executable(name: "jixiao-fuzz", targets: ["JixiaoFuzz"]))
    package.targets += [
        .target(name: "CFuzzerDriver", path: "Fuzz/Sources/CFuzzerDriver"),
        .executableTarget(name: "JixiaoFuzz", dependencies: ["Jixiao", "CFuzzerDriver"], path: "Fuzz/Sources/JixiaoFuzz"),
    ]
}
