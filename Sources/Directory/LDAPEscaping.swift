/// Escaping of values placed in DNs (RFC 4514) and search filters (RFC 4515), so a login name
/// can never change the structure of either.
enum LDAPEscaping {
    static func filterValue(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "*", "(", ")", "\\", "\0": out += "\\" + hex(UInt8(scalar.value))
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func dnValue(_ value: String) -> String {
        var out = ""
        let scalars = Array(value.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let special = ",+\"\\<>;=".unicodeScalars.contains(scalar)
            let edgeSpace = scalar == " " && (index == 0 || index == scalars.count - 1)
            let leadingHash = scalar == "#" && index == 0
            if scalar == "\0" {
                out += "\\00"
            } else if special || edgeSpace || leadingHash {
                out += "\\"
                out.unicodeScalars.append(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
    }
}
