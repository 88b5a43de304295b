"""An implementation certbridge did not write (joserfc) checks certbridge's JWTs and makes JWTs for it.

Run by Tests/CredentialJWTTests/JoserfcInteropTests.swift. Reads one JSON request on stdin,
writes one JSON answer on stdout:

  {"op": "verify", "token": "...", "jwk": {public JWK}, "alg": "PS256"}
      -> {"header": {...}, "claims": {...}}   (exit 1 with the reason when joserfc rejects it)
  {"op": "sign", "alg": "PS256"|"RS256"|"EdDSA", "kid": "...", "claims": {...}, "header": {...}, "embed_jwk": false}
      -> {"token": "...", "jwk": {public JWK of the fresh key joserfc signed with}}
      ("kid" may be left out; "embed_jwk": true puts that public JWK in the header as "jwk",
      as an OpenID4VCI key proof names its key)
"""
import json
import sys
import warnings

from joserfc import jwt
from joserfc.jwk import ECKey, JWKRegistry, OKPKey, RSAKey

# joserfc marks EdDSA as deprecated by RFC 9864 (in favour of Ed25519); still the alg DCP uses.
warnings.simplefilter("ignore")

request = json.load(sys.stdin)
if request["op"] == "verify":
    key = JWKRegistry.import_key(request["jwk"])
    try:
        token = jwt.decode(request["token"], key, algorithms=[request["alg"]])
    except Exception as error:  # the reason goes to the Swift test's failure message
        print(f"joserfc rejected the token: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
    if token.header.get("alg") != request["alg"]:
        print(f"unexpected alg {token.header.get('alg')}", file=sys.stderr)
        sys.exit(1)
    json.dump({"header": token.header, "claims": token.claims}, sys.stdout)
elif request["op"] == "sign":
    alg = request["alg"]
    if alg in ("PS256", "RS256"):
        key = RSAKey.generate_key(2048)
    elif alg == "EdDSA":
        key = OKPKey.generate_key("Ed25519")
    elif alg == "ES256":
        key = ECKey.generate_key("P-256")
    else:
        key = ECKey.generate_key("P-384")
    public = key.as_dict(private=False)
    header = {"alg": alg, **request.get("header", {})}
    if "kid" in request:
        header["kid"] = request["kid"]
    if request.get("embed_jwk"):
        header["jwk"] = public
    token = jwt.encode(header, request["claims"], key, algorithms=[alg])
    public["alg"] = alg
    json.dump({"token": token, "jwk": public}, sys.stdout)
else:
    print(f"unknown op {request['op']}", file=sys.stderr)
    sys.exit(2)
