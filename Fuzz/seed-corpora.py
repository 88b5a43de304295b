#!/usr/bin/env python3
"""Writes the seed corpora Fuzz/Corpora/<target>/ from ../shared/vectors and the repository's
fixtures (docs/FUZZING.md). Files are named by the SHA-1 of their content, as libFuzzer names
what it adds, so a seed found twice is kept once. Small on purpose: a seed over MAX_SEED bytes is
skipped, and each target keeps at most MAX_PER_TARGET seeds (the fuzzer grows its own corpus).

JWT seeds are signed here with fixed keys and iat/nbf/exp around 2025-06-15 (the fixed clock of
Testing/FuzzTargets), so the fuzzer starts from proofs and VC-JWTs that verify.
Run from the repository root: python3 Fuzz/seed-corpora.py
"""
import base64, glob, hashlib, hmac, json, os, re, shutil, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VECTORS = os.environ.get("CERTBRIDGE_VECTORS", os.path.join(os.path.dirname(ROOT), "shared", "vectors"))
OUT = os.path.join(ROOT, "Fuzz", "Corpora")
MAX_SEED = 16 * 1024
MAX_PER_TARGET = 60
corpora = {}


def add(target, data):
    if isinstance(data, str):
        data = data.encode()
    if len(data) > MAX_SEED:
        return
    corpora.setdefault(target, {})[hashlib.sha1(data).hexdigest()] = data


def files(*patterns):
    for pattern in patterns:
        for path in sorted(glob.glob(os.path.join(ROOT, pattern) if not pattern.startswith("/") else pattern, recursive=True)):
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    yield path, f.read()


def v(pattern):
    return os.path.join(VECTORS, pattern)


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# json: JCS inputs, the examples, signed and unsigned credentials, DID documents, numbers.
for _, data in files(v("jcs/input/*.json"), "Examples/*.json", v("eddsa-jcs-2022/*.json"), v("ecdsa-jcs-2019/*.json"),
                     v("did-key/*.json"), v("dcp/issuance/example/*.json"), "Tests/LinkedDataTests/Fixtures/*.json"):
    add("json", data)
with open(v("jcs-numbers/numbers-100k.txt")) as f:
    numbers = [line.split(",")[1].strip() for _, line in zip(range(40), f) if "," in line]
add("json", "[" + ",".join(numbers) + "]")
for text in ['"\\ud83d\\ude00 \\u00e9"', '{"a":{"b":[1,2e3,-0.0,true,null]}}', '"\\ud800"', '1e400', '[[[[[]]]]]']:
    add("json", text)

# profile and expression: the bundled profiles and their templates.
for _, data in files("mappings/*.yaml", "Tests/MappingTests/**/*.yaml"):
    add("profile", data)
    for template in re.findall(rb"'([^'\n]*\{\{[^'\n]*)'", data):
        add("expression", template)
        for expression in re.findall(rb"\{\{(.*?)\}\}", template):
            add("expression", expression.strip())

# jsonld: credentials of the vectors and fixtures, small JSON-LD test-suite documents.
for _, data in files(v("eddsa-rdfc-2022/*.json"), v("ecdsa-rdfc-2019/*.json"), v("eddsa-rdfc-2022/employ/*.json"),
                     "Examples/credential-v2.json", "Tests/LinkedDataTests/Fixtures/*.json", "Tests/PipelineTests/Fixtures/signed/*.json"):
    add("jsonld", data)
for _, data in list(files(v("json-ld-api/tests/toRdf/*-in.jsonld")))[:300]:
    if len(data) < 700 and len(corpora.get("jsonld", {})) < MAX_PER_TARGET:
        add("jsonld", data)

# nquads: RDFC-1.0 test inputs and canonical documents.
for _, data in files(v("rdf-canon/rdfc10/*-in.nq"), v("eddsa-rdfc-2022/**/canon*.txt"), v("openbadges/*/document-canon.txt")):
    add("nquads", data)

# multibase: proof values, Multikeys, did:key ids, base64url members.
texts = set()
for _, data in files(v("**/sigBTC58*.txt"), v("**/keyPair.json"), v("did-key/*.json")):
    texts.update(re.findall(r"\bz[1-9A-HJ-NP-Za-km-z]{20,}", data.decode()))
for _, data in files(v("did-key/*.json")):
    texts.update(re.findall(r'"(?:x|y|d)": "([A-Za-z0-9_-]+)"', data.decode()))
for text in sorted(texts)[:MAX_PER_TARGET - 2]:
    add("multibase", text)
add("multibase", "u" + b64u(b"\xed\x01" + bytes(32)))
add("multibase", "z111")

# jwk: keys in the did:key vectors and the issuer JWKS.
for _, data in files(v("did-key/*.json"), v("oid4vci/examples/issuer_jwks.json")):
    def walk(node):
        if isinstance(node, dict):
            if "kty" in node:
                add("jwk", json.dumps(node))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(json.loads(data, strict=False))

# webhook: signed envelopes (first line the header, HMAC under the target's secret).
secret = b"fuzz-webhook-secret"
for event, resource in [("credential.created", "credential"), ("credential.updated", "credential"),
                        ("credential.deleted", "credential"), ("group.updated", "group")]:
    body = json.dumps({"id": "evt_01hz2f", "type": event, "createdAt": "2025-03-31T08:13:02.001Z",
                       "data": {"resource": {"id": "01hz2f0c9ryvzajg20jqh9taab", "type": resource}}}).encode()
    add("webhook", hmac.new(secret, body, hashlib.sha256).hexdigest().encode() + b"\n" + body)
add("webhook", b"sha256=00\n{}")

# certifier-credential: the examples, one credential per line of the NDJSON.
for path, data in files("Examples/certifier-*.json"):
    add("certifier-credential", data)
for _, data in files("Examples/certifier-credentials.ndjson"):
    for line in data.splitlines()[:20]:
        add("certifier-credential", line)

# dcp-request: the specification's example, and one naming the objects the target offers.
for _, data in files(v("dcp/issuance/example/credential-request-message.json")):
    add("dcp-request", data)
add("dcp-request", json.dumps({"@context": ["https://w3id.org/dspace-dcp/v1.0/dcp.jsonld"], "type": "CredentialRequestMessage",
                               "holderPid": "holder-1", "credentials": [{"id": "membership"}, {"id": "course-certificate-v2"}]}))

# oid4vci-token: the form bodies of the specification and the tests.
for form in ["grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code&pre-authorized_code=SplxlOBeZQQYbYS6WxSbIA&tx_code=493536",
             "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk&redirect_uri=https%3A%2F%2FWallet.example.org%2Fcb",
             "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code&tx_code=12+34", "a=%zz", "a=1&a=2"]:
    add("oid4vci-token", form)

# keyproof, vcjwt, oid4vci-credential: JWTs signed with fixed Ed25519 / P-256 keys.
try:
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
except ImportError:
    sys.exit("seed-corpora: python3 -m pip install cryptography (the JWT seeds are signed here)")

IAT = 1_750_000_000
ed_key = ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"certbridge fuzz ed25519").digest())
ed_public = ed_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
p256_key = ec.derive_private_key(int.from_bytes(hashlib.sha256(b"certbridge fuzz p-256").digest(), "big") % (2**255), ec.SECP256R1())
p256_numbers = p256_key.public_key().public_numbers()
ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58(data):
    number, text = int.from_bytes(data, "big"), ""
    while number:
        number, digit = divmod(number, 58)
        text = ALPHABET[digit] + text
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + text


ed_did = "did:key:z" + base58(b"\xed\x01" + ed_public)
ed_jwk = {"kty": "OKP", "crv": "Ed25519", "x": b64u(ed_public)}
p256_jwk = {"kty": "EC", "crv": "P-256", "x": b64u(p256_numbers.x.to_bytes(32, "big")), "y": b64u(p256_numbers.y.to_bytes(32, "big"))}
p256_did = "did:jwk:" + b64u(json.dumps(p256_jwk, separators=(",", ":")).encode())


def jws(header, payload, key):
    signing_input = (b64u(json.dumps(header, separators=(",", ":")).encode()) + "." +
                     b64u(json.dumps(payload, separators=(",", ":")).encode())).encode()
    if isinstance(key, ed25519.Ed25519PrivateKey):
        signature = key.sign(signing_input)
    else:
        r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return signing_input.decode() + "." + b64u(signature)


proofs = [
    jws({"typ": "openid4vci-proof+jwt", "alg": "EdDSA", "kid": ed_did + "#" + ed_did[8:]},
        {"aud": "https://issuer.example", "iat": IAT, "nonce": "n-0S6_WzA2Mj"}, ed_key),
    jws({"typ": "openid4vci-proof+jwt", "alg": "ES256", "jwk": p256_jwk},
        {"aud": "https://issuer.example", "iat": IAT, "iss": "wallet"}, p256_key),
    jws({"typ": "openid4vci-proof+jwt", "alg": "ES256", "kid": p256_did + "#0"},
        {"aud": "https://issuer.example", "iat": IAT}, p256_key),
]
for proof in proofs:
    add("keyproof", proof)
    add("oid4vci-credential", json.dumps({"credential_configuration_id": "course-certificate-v2", "proofs": {"jwt": [proof]}}))
add("oid4vci-credential", json.dumps({"credential_identifier": "cc-1", "proofs": [{"proof_type": "jwt", "jwt": proofs[1]}]}))
add("oid4vci-credential", json.dumps({"format": "jwt_vc_json", "credential_definition": {"type": ["VerifiableCredential"]},
                                      "proof": {"proof_type": "jwt", "jwt": proofs[2]}}))
for _, data in files(v("oid4vci/examples/*.json")):
    add("oid4vci-credential", data)

credential = json.loads(open(v("eddsa-jcs-2022/unsigned.json")).read())
vc20 = dict(credential, issuer=ed_did, validFrom="2025-01-01T00:00:00Z", validUntil="2026-01-01T00:00:00Z")
vc11 = {"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"], "issuer": p256_did,
        "issuanceDate": "2025-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:holder", "name": "Zoë"}}
add("vcjwt", jws({"alg": "EdDSA", "typ": "vc+jwt", "kid": ed_did + "#" + ed_did[8:]}, vc20, ed_key))
add("vcjwt", jws({"alg": "ES256", "typ": "JWT", "kid": p256_did + "#0"},
                 {"iss": p256_did, "sub": "did:example:holder", "nbf": IAT - 3600, "exp": IAT + 3600, "vc": vc11}, p256_key))
add("vcjwt", jws({"alg": "EdDSA", "typ": "JWT", "kid": ed_did + "#" + ed_did[8:]},
                 {"iss": ed_did, "sub": ed_did, "aud": "did:web:issuer.example", "iat": IAT, "exp": IAT + 300, "jti": "t-1"}, ed_key))

if os.path.isdir(OUT):
    shutil.rmtree(OUT)
for target, seeds in sorted(corpora.items()):
    os.makedirs(os.path.join(OUT, target))
    for name, data in sorted(seeds.items())[:MAX_PER_TARGET]:
        with open(os.path.join(OUT, target, name), "wb") as f:
            f.write(data)
    print(f"{target}: {min(len(seeds), MAX_PER_TARGET)} seeds")
