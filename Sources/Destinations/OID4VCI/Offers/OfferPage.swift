import Foundation
import QRCode

/// The small page an offer link opens: the credential's name, the issuer, a QR code of the
/// `openid-credential-offer://` link for a wallet's camera, and the link itself beside it for a
/// wallet on the same device. It carries no script, and ``securityHeaders`` forbid any.
enum OfferPage {
    /// No script, no external resource, no framing, no referrer (the offer id is in the URL).
    static let securityHeaders: [String: String] = [
        "Content-Security-Policy":
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
        "X-Frame-Options": "DENY",
    ]

    /// `openid-credential-offer://?credential_offer_uri=<the offer object's URL, percent-encoded>`.
    static func deepLink(offerURI: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return "openid-credential-offer://?credential_offer_uri="
            + (offerURI.addingPercentEncoding(withAllowedCharacters: allowed) ?? offerURI)
    }

    /// The page of an open offer.
    static func open(title: String, issuer: String, deepLink: String, expires: Date) -> String {
        let qr: String
        do {
            qr = try QRCode.encode(deepLink).svg(moduleSize: 6, quietZone: 4)
        } catch {
            // A deep link is a few hundred bytes; QR codes hold 2,331. Said plainly if it ever happens.
            qr = "<p>(The QR code cannot be drawn: \(escape(error.description)). Use the link below.)</p>"
        }
        return page(
            title: "\(title) from \(issuer)",
            body: """
                <h1>\(escape(title))</h1>
                <p class="issuer">Issued by \(escape(issuer))</p>
                <div class="qr" role="img" aria-label="QR code of the credential offer">\(qr)</div>
                <p>Scan the code with your wallet app, or open this link on the device where your wallet is:</p>
                <p class="link"><a href="\(escape(deepLink))">\(escape(deepLink))</a></p>
                <p class="note">This offer can be redeemed once, until \(escape(dateText(expires))). \
                If your wallet asks for a transaction code, you will have received it separately.</p>
                """)
    }

    /// The page of an offer that can no longer be redeemed, with why.
    static func closed(_ state: Offer.State) -> String {
        let reason =
            switch state {
            case .redeemed: "This offer was redeemed already: the credential is in the wallet that redeemed it."
            case .superseded: "This offer was replaced by a newer version of the credential; look for the newer message."
            case .locked: "This offer was locked after too many wrong transaction codes. Ask the issuer for a new one."
            case .revoked, .open: "This offer was withdrawn by the issuer."
            }
        return page(title: "Offer no longer available", body: "<h1>Offer no longer available</h1>\n<p>\(escape(reason))</p>")
    }

    /// An unknown or expired offer.
    static let unknown = page(
        title: "Offer not found", body: "<h1>Offer not found</h1>\n<p>This offer does not exist or has expired. Ask the issuer for a new one.</p>")

    private static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>\(escape(title))</title>
        <style>
        body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
        .qr svg { width: 100%; max-width: 20rem; height: auto; display: block; margin: 1rem 0; }
        .link a { word-break: break-all; }
        .issuer, .note { color: #444; }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// `2027-06-01` (UTC): a date a person reads, without a time zone to get wrong.
    static func dateText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// Text safe inside HTML elements and double-quoted attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
