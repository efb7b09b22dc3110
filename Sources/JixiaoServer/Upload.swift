import Foundation
import Hummingbird
import Jixiao
import NIOCore

/// A filing sent as a request body: its bytes, the name it is given in positions, and the
/// reader it asks for. The name is only ever a label: nothing is opened or written by it.
struct Upload: Sendable {
    var input: InputDocument
    /// A reader named by the content type, when the file name's extension says nothing.
    var format: String?

    /// Content types that name a format; others (text/plain, octet-stream) leave it to the
    /// file name or to the content.
    static let contentTypes: [String: String] = [
        "application/yaml": "yaml", "application/x-yaml": "yaml", "text/yaml": "yaml", "text/x-yaml": "yaml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
        "text/html": "html", "application/pdf": "pdf", "application/msword": "doc", "application/vnd.ms-excel": "xls",
    ]

    static func read(_ request: Request, limit: Int) async throws -> Upload {
        let buffer = try await body(of: request, limit: limit)
        guard buffer.readableBytes > 0 else {
            throw APIError(.badRequest, "empty-body", "the request body is empty: send the file as the body")
        }
        return file(named: request.uri.queryParameters["filename"].map(String.init), type: request.headers[.contentType],
                    bytes: Array(buffer.readableBytesView))
    }

    /// The request's body, refused once it is over `limit` bytes (by its declared length, before
    /// any byte is read, when it has one).
    private static func body(of request: Request, limit: Int) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw tooLarge(limit)
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge(limit)
        }
    }

    /// A file under the name a client gives it (made safe), read as its extension says, else
    /// as its content type names, else as its bytes tell.
    static func file(named given: String?, type: String?, bytes: [UInt8]) -> Upload {
        let name = safeName(given)
        var format: String?
        if FormatRegistry.format(forPath: name)?.reader == nil, let type {
            let bare = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            format = contentTypes[bare]
        }
        return Upload(input: InputDocument(name: name, bytes: bytes), format: format)
    }

    /// Every file of a multipart/form-data body: the parts named `files`, in order.
    static func readMany(_ request: Request, limit: Int) async throws -> [Upload] {
        guard let boundary = Multipart.boundary(ofContentType: request.headers[.contentType]) else {
            throw APIError(.unsupportedMediaType, "not-multipart", "send the files as multipart/form-data, each in a part named 'files'")
        }
        let buffer = try await body(of: request, limit: limit)
        let parts = try Multipart.parse(Array(buffer.readableBytesView), boundary: boundary).filter { $0.name == "files" }
        guard !parts.isEmpty else {
            throw APIError(.badRequest, "no-files", "the body holds no part named 'files': send each file in one")
        }
        return try parts.map { part in
            let upload = file(named: part.filename, type: part.contentType, bytes: part.bytes)
            guard !part.bytes.isEmpty else {
                throw APIError(.badRequest, "empty-body", "the file '\(upload.input.name)' is empty")
            }
            return upload
        }
    }

    /// The last part of a client's file name, without control characters and at most 120
    /// characters long; "upload" when none is left.
    static func safeName(_ given: String?) -> String {
        let last = (given ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        let name = String(cleaned.suffix(120))
        return name.isEmpty || name == "." || name == ".." ? "upload" : name
    }

    private static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, "request-too-large", "the file is larger than the \(limit >> 20) MiB this server accepts")
    }
}
