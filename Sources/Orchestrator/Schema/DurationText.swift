/// Durations written the way operators write them: `90s`, `30m`, `2h`, `1d`, `1h30m`.
enum DurationText {
    /// The number of seconds, or `nil` when the text is not a duration.
    static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var total = 0.0
        var digits = ""
        var sawUnit = false
        for character in text {
            if character.isASCII, character.isNumber || character == "." {
                digits.append(character)
            } else if let unit = units[character], let value = Double(digits) {
                total += value * unit
                digits = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        return digits.isEmpty && sawUnit ? total : nil
    }

    /// The shortest exact spelling of a number of seconds (`7200` → `2h`).
    static func format(_ seconds: Double) -> String {
        for (unit, size) in [("d", 86_400.0), ("h", 3600.0), ("m", 60.0)] where seconds >= size && seconds.truncatingRemainder(dividingBy: size) == 0 {
            return "\(Int(seconds / size))\(unit)"
        }
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}
