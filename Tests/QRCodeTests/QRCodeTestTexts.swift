/// Texts the QR code tests share.
enum QRCodeTestTexts {
    /// The byte capacity of every version at level M in byte mode, ISO/IEC 18004 Table 7.
    static let byteCapacity = [
        14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
        711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331,
    ]

    /// Text of exactly `bytes` UTF-8 bytes mixing 1-, 2-, 3- and 4-byte characters, topped up with ASCII.
    static func mixed(bytes: Int) -> String {
        let unit = "aé日😀"  // 1 + 2 + 3 + 4 bytes
        var text = ""
        while text.utf8.count + unit.utf8.count <= bytes { text += unit }
        while text.utf8.count < bytes { text += "x" }
        return text
    }

    /// An OpenID4VCI credential offer by reference, as the offer page shows it.
    static let offerURL =
        "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fissuer.certbridge.example%2Foid4vci%2Foffers%2F"
        + "9f1c2d3e-4b5a-6789-abcd-ef0123456789"

    /// A long offer: the offer itself inline, percent-encoded JSON (about 500 bytes).
    static let longOfferURL =
        "openid-credential-offer://?credential_offer=%7B%22credential_issuer%22%3A%22https%3A%2F%2Fissuer.certbridge.example%22%2C"
        + "%22credential_configuration_ids%22%3A%5B%22UniversityDegree_ldp_vc%22%2C%22ProofOfEmployment_jwt_vc_json%22%5D%2C"
        + "%22grants%22%3A%7B%22urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code%22%3A%7B%22pre-authorized_code%22"
        + "%3A%22oaKazRN8I0IbtZ0C7JuMn5-Qy1l1TkxLxvzWGjq7cSo%22%2C%22tx_code%22%3A%7B%22length%22%3A6%2C%22input_mode%22%3A"
        + "%22numeric%22%2C%22description%22%3A%22Please%20enter%20the%20code%20we%20sent%20to%20your%20e-mail%22%7D%7D%7D%7D"
}
