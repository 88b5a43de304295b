#!/usr/bin/env python3
"""Checks what certbridge sent a DCP holder with implementations we did not write.

Input (a JSON file named on the command line):
  {"schemas": "<dir of ../shared/vectors/dcp>",
   "messages": [{"schema": "issuance/credential-message-schema.json", "value": {...}}, ...],
   "tokens": [{"jwt": "<compact>", "jwk": {...public JWK...}, "audience": "did:...",
               "kind": "id-token" | "vc-jwt"}, ...]}

Every message is validated with jsonschema (draft 2019-09) against its DCP schema; the schemas'
$refs name `https://w3id.org/dspace-dcp/v1.0/common/context-schema.json` while that file's $id says
v08, so both names are registered for it (offline). Every token's signature is verified with
joserfc and its claims checked (an ID token: iss = sub, aud, exp in the future, jti). Prints one
line per finding and exits 1 when there is any.
"""
import json
import pathlib
import sys
import time

from jsonschema import Draft201909Validator
from referencing import Registry, Resource
from joserfc import jws
from joserfc.jwk import JWKRegistry


def registry(root: pathlib.Path) -> Registry:
    resources = []
    for path in sorted(root.rglob("*-schema.json")):
        schema = json.loads(path.read_text())
        resource = Resource.from_contents(schema)
        resources.append((schema["$id"], resource))
        if path.name == "context-schema.json":
            resources.append(("https://w3id.org/dspace-dcp/v1.0/common/context-schema.json", resource))
    # The Presentation Exchange schema is not among the vectors; certbridge sends no issuancePolicy,
    # and the examples' policies are taken as any object.
    resources.append((
        "https://identity.foundation/presentation-exchange/schemas/presentation-definition.json",
        Resource.from_contents({"$schema": "https://json-schema.org/draft/2019-09/schema", "type": "object"}),
    ))
    return Registry().with_resources(resources)


def main() -> int:
    spec = json.loads(pathlib.Path(sys.argv[1]).read_text())
    root = pathlib.Path(spec["schemas"])
    schemas = registry(root)
    findings = []
    for index, item in enumerate(spec.get("messages", [])):
        schema = json.loads((root / item["schema"]).read_text())
        validator = Draft201909Validator(schema, registry=schemas)
        for error in validator.iter_errors(item["value"]):
            findings.append(f"message {index} ({item['schema']}): {error.message} at {list(error.path)}")
    for index, item in enumerate(spec.get("tokens", [])):
        key = JWKRegistry.import_key(item["jwk"])
        try:
            obj = jws.deserialize_compact(item["jwt"], key, algorithms=["EdDSA", "ES256", "ES384", "PS256", "RS256"])
        except Exception as error:  # noqa: BLE001 - any failure is a finding
            findings.append(f"token {index} ({item['kind']}): signature does not verify with joserfc: {error}")
            continue
        header = obj.protected
        claims = json.loads(obj.payload)
        if "kid" not in header:
            findings.append(f"token {index}: no kid header")
        if item["kind"] == "id-token":
            if claims.get("iss") != claims.get("sub"):
                findings.append(f"token {index}: iss {claims.get('iss')} != sub {claims.get('sub')}")
            audience = claims.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if item["audience"] not in audiences:
                findings.append(f"token {index}: aud {audience} does not name {item['audience']}")
            if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] <= time.time() - 120:
                findings.append(f"token {index}: exp {claims.get('exp')} missing or passed")
            if not claims.get("jti"):
                findings.append(f"token {index}: no jti")
        else:
            if header.get("typ") not in ("vc+jwt", "JWT"):
                findings.append(f"token {index}: typ {header.get('typ')}")
    for finding in findings:
        print(finding)
    print(f"checked {len(spec.get('messages', []))} messages and {len(spec.get('tokens', []))} tokens: {len(findings)} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
