import Credentials
import Testing

@Suite("Base64, base64url and hex")
struct EncodingTests {
    /// RFC 4648 section 10.
    static let rfc4648: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test("RFC 4648 section 10 vectors, padded and unpadded, both alphabets")
    func rfc4648Vectors() throws {
        for (plain, encoded) in Self.rfc4648 {
            let bytes = Array(plain.utf8)
            let unpadded = String(encoded.prefix { $0 != "=" })
            #expect(Base64.encode(bytes) == encoded, "\(plain)")
            #expect(Base64.encode(bytes, alphabet: .urlSafe) == encoded, "\(plain)")
            #expect(Base64.encode(bytes, padding: .unpadded) == unpadded, "\(plain)")
            #expect(try Base64.decode(encoded) == bytes, "\(plain)")
            #expect(try Base64.decode(unpadded, alphabet: .urlSafe, padding: .unpadded) == bytes, "\(plain)")
        }
    }

    @Test("the two alphabets differ only in characters 62 and 63")
    func alphabets() throws {
        let bytes: [UInt8] = [0xfb, 0xff, 0xbf]
        #expect(Base64.encode(bytes) == "+/+/")
        #expect(Base64.encode(bytes, alphabet: .urlSafe) == "-_-_")
        #expect(try Base64.decode("-_-_", alphabet: .urlSafe) == bytes)
        #expect(throws: Base64.DecodingError.self) { try Base64.decode("+/+/", alphabet: .urlSafe) }
        #expect(throws: Base64.DecodingError.self) { try Base64.decode("-_-_", alphabet: .standard) }
    }

    @Test("strict decoding refuses every non-canonical spelling", arguments: [
        "Zg",        // missing padding
        "Zg=",       // short padding
        "Zg===",     // too much padding
        "Z===",      // a lone character
        "Zh==",      // non-zero bits after the last byte
        "Zm9=",      // non-zero bits after the last byte
        "Zm9v\n",    // whitespace
        " Zm9v",     // whitespace
        "Zm 9v",     // whitespace inside
        "Zm9v!A==",  // a character outside the alphabet
        "Zm=v",      // padding in the middle
        "====",      // padding only
        "Zm9vYmFyé", // non-ASCII
    ])
    func strictPadded(_ input: String) {
        #expect(throws: Base64.DecodingError.self) { try Base64.decode(input) }
    }

    @Test("unpadded decoding refuses padding and dangling characters")
    func strictUnpadded() {
        #expect(throws: Base64.DecodingError.self) { try Base64.decode("Zg==", padding: .unpadded) }
        #expect(throws: Base64.DecodingError.self) { try Base64.decode("Zm9vY", padding: .unpadded) }
    }

    @Test("random round trips")
    func roundTrips() throws {
        for length in 0..<70 {
            let bytes = try SecureRandom.bytes(count: length)
            for alphabet in [Base64.Alphabet.standard, .urlSafe] {
                for padding in [Base64.Padding.padded, .unpadded] {
                    let text = Base64.encode(bytes, alphabet: alphabet, padding: padding)
                    #expect(try Base64.decode(text, alphabet: alphabet, padding: padding) == bytes)
                }
            }
        }
    }

    @Test("hex encodes lower case and decodes either case")
    func hex() throws {
        #expect(Hex.encode([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
        #expect(try Hex.decode("000FA5ff") == [0x00, 0x0f, 0xa5, 0xff])
        #expect(try Hex.decode("") == [])
        #expect(throws: Hex.DecodingError.self) { try Hex.decode("abc") }
        #expect(throws: Hex.DecodingError.self) { try Hex.decode("zz") }
        #expect(throws: Hex.DecodingError.self) { try Hex.decode("0x00") }
    }
}
