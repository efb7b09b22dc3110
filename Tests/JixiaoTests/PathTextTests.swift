import Foundation
import Testing
@testable import Jixiao

/// Path parts read off the text, against what Foundation's URL and NSString say of the same paths.
@Suite struct PathTextTests {
    static let paths = [
        "a.yaml", "dir/a.yaml", "/abs/dir/a.XLSX", "dir/a.tar.gz", "dir/.hidden", "dir/noext", "dir/sub/",
        "./a.txt", "../up/b.html", "/root.txt", "年度/绩效目标表.docx", "a.", "dir.d/file",
    ]

    @Test func namesAndExtensionsAgreeWithURL() {
        for path in Self.paths {
            let url = URL(fileURLWithPath: path)
            #expect(String(PathText.lastName(path)) == url.lastPathComponent, "\(path)")
            #expect(PathText.fileExtension(path) == url.pathExtension.lowercased(), "\(path)")
            #expect(String(PathText.stem(path)) == url.deletingPathExtension().lastPathComponent, "\(path)")
        }
    }

    @Test func foldersAndJoining() {
        #expect(PathText.folder(of: "a.yaml") == ".")
        #expect(PathText.folder(of: "dir/sub/a.yaml") == "dir/sub")
        #expect(PathText.folder(of: "/a.yaml") == "/")
        #expect(PathText.joined("out", "a.yaml") == "out/a.yaml")
        #expect(PathText.joined("out/", "a.yaml") == "out/a.yaml")
        #expect(PathText.joined("/", "a.yaml") == "/a.yaml")
        #expect(PathText.joined("", "a.yaml") == "a.yaml")
    }
}

/// Relationship targets resolved to part paths, plain ones and those with ".", ".." or a root.
@Suite struct RelationshipTargetTests {
    @Test func targetsResolveAgainstTheSourcesFolder() {
        let cases: [(target: String, source: String, expected: String)] = [
            ("worksheets/sheet1.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"),
            ("xl/workbook.xml", "", "xl/workbook.xml"),
            ("/xl/styles.xml", "xl/workbook.xml", "xl/styles.xml"),
            ("./worksheets/sheet2.xml", "xl/workbook.xml", "xl/worksheets/sheet2.xml"),
            ("../media/image1.png", "xl/drawings/drawing1.xml", "xl/media/image1.png"),
            ("../../../x.xml", "xl/a.xml", "x.xml"),
            ("worksheets//sheet3.xml", "xl/workbook.xml", "xl/worksheets/sheet3.xml"),
            ("styles.xml", "/xl/workbook.xml", "xl/styles.xml"),
            ("theme/theme1.xml", "xl/sub/../workbook.xml", "xl/sub/../theme/theme1.xml"),
            ("worksheets/sheet1.xml/", "xl/workbook.xml", "xl/worksheets/sheet1.xml"),
            ("styles.xml", "xl//workbook.xml", "xl/styles.xml"),
        ]
        for (target, source, expected) in cases {
            #expect(OfficePackage.resolve(target, from: source) == expected, "\(target) from \(source)")
        }
    }
}
