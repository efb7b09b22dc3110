/// What `jixiao serve` is told on its command line.
public struct ServeOptions: Sendable {
    public var host: String
    public var port: Int
    /// The largest request body accepted; larger ones get 413.
    public var maximumBodyBytes: Int
    /// How many conversions may run or wait at once; more get 503.
    public var queueLimit: Int
    /// How long one conversion may take, in seconds, before its request gets 503.
    public var timeLimit: Double
    /// The local registry folder (layered over the shipped one) writes go to; none: no writes.
    public var registry: String?
    /// The bearer token registry writes need; none: no writes.
    public var token: String?

    public init(host: String = "127.0.0.1", port: Int = 8080, maximumBodyBytes: Int = 20 << 20, queueLimit: Int = 16,
                timeLimit: Double = 120, registry: String? = nil, token: String? = nil) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.queueLimit = queueLimit
        self.timeLimit = timeLimit
        self.registry = registry
        self.token = token
    }
}
