/// Number formatting shared by explanations and messages, in integer arithmetic (it runs on every
/// routing decision, where Foundation's `String(format:)` would dominate).
enum Format {
    /// A number with up to three decimals and no trailing zeros: `6`, `0.736`, `4.416`.
    static func number(_ value: Double) -> String {
        fixed(value, decimals: 3, trimmingZeros: true)
    }

    /// US dollars with two decimals: `4.42 USD`.
    static func usd(_ value: Double) -> String { fixed(value, decimals: 2) + " USD" }

    /// Hours with two decimals: `6.00 h`.
    static func hours(_ value: Double) -> String { fixed(value, decimals: 2) + " h" }

    /// `value` rounded half away from zero to `decimals` places, showing them all unless `trimmingZeros`.
    static func fixed(_ value: Double, decimals: Int, trimmingZeros: Bool = false) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return "\(value)" }
        let units = Int(scaled)
        let whole = units / Int(scale)
        var fraction = units % Int(scale), places = decimals
        if trimmingZeros {
            while places > 0, fraction % 10 == 0 {
                fraction /= 10
                places -= 1
            }
        }
        let sign = value < 0 && units != 0 ? "-" : ""
        guard places > 0 else { return "\(sign)\(whole)" }
        var digits = String(fraction)
        if digits.count < places { digits = String(repeating: "0", count: places - digits.count) + digits }
        return "\(sign)\(whole).\(digits)"
    }
}
