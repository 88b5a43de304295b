#!/usr/bin/env python3
"""Per-credential instruction cost by stage, from callgrind runs of ProfileHarness, as a table
and an SVG of stacked bars.

Each run is given as LABEL=BIG.out,SMALL.out,N: two callgrind files of the same scenario at two
iteration counts N apart (e.g. 1200 and 200, N = 1000); their difference divided by N is one
credential's cost without the setup. Stages come from inclusive costs of named functions:

  parse + write   ProfileHarness_main − Pipeline.process (the NDJSON line in and out)
  mapping + glue  Pipeline.process − Pipeline.sign
  JSON-LD         Expander.expandDocument (expansion with context processing)
  node map + RDF  JSONLDProcessor.toRDF − expansion
  shape plan      a document shape's plan in place of the two stages before (issue 15, second
                  round): DocumentShape.structuralHash + DocumentShapePlan.dataset +
                  DocumentShapePlan.canonicalNQuads (which, without blank nodes, also sorts the
                  lines: that part of RDFC-1.0 is counted here)
  RDFC-1.0        JSONLDProcessor.canonicalNQuads (canonicalize in older builds) − toRDF − plan
  SHA-256         BoringSSL's SHA256_Update (every hash: JCS, RDFC, the proof's two)
  Ed25519         BoringSSL's ED25519_sign (portable C under valgrind: dearer than natively)
  proof, rest     Pipeline.sign − the stages above inside it (JCS, proof options, encodings)

Usage:
  stage-costs.py --svg out.svg "JCS before=a.out,b.out,1000" "JCS after=..." ...
"""
import re
import subprocess
import sys

PATTERNS = {
    "main": r"\?\?\?:ProfileHarness_main ",
    "pipeline": r"\$s8PipelineAAV7processyAA0A7OutcomeO13JSONCanonical9JSONValueOF ",
    "sign": r"\$s8PipelineAAV4sign_7profile7created",
    "expand": r"\$s10LinkedData8ExpanderV14expandDocument_4base",
    "toRDF": r"\$s10LinkedData15JSONLDProcessorV5toRDF",
    "canonicalize": r"\$s10LinkedData15JSONLDProcessorV12canonicalize",
    "canonicalNQuads": r"\$s10LinkedData15JSONLDProcessorV15canonicalNQuads",
    "shapeHash": r"\$s10LinkedData13DocumentShapeV14structuralHash",
    "planDataset": r"\$s10LinkedData17DocumentShapePlanV7dataset",
    "planLines": r"\$s10LinkedData17DocumentShapePlanV15canonicalNQuads",
    "sha256": r"CCryptoBoringSSL_SHA256_Update ",
    "ed25519": r"CCryptoBoringSSL_ED25519_sign ",
}

STAGES = ["parse + write", "mapping + glue", "JSON-LD expansion", "node map + RDF", "shape plan", "RDFC-1.0", "SHA-256", "Ed25519", "proof, rest"]
COLOURS = ["#8da0cb", "#66c2a5", "#fc8d62", "#e78ac3", "#1b9e77", "#a6d854", "#ffd92f", "#b3b3b3", "#e5c494"]


def inclusive(path):
    out = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", path],
                         capture_output=True, text=True, check=True).stdout
    costs = {key: 0 for key in PATTERNS}
    for line in out.splitlines():
        match = re.match(r"\s*([\d,]+)\s+\(", line)
        if not match:
            continue
        value = int(match.group(1).replace(",", ""))
        name = line[match.end():]
        # Recursion levels ('2) would count a cost twice.
        if "'" in name.split(" [")[0]:
            continue
        for key, pattern in PATTERNS.items():
            if re.search(pattern, name):
                costs[key] = max(costs[key], value)
    return costs


def stages(big, small, count):
    a, b = inclusive(big), inclusive(small)
    per = {key: (a[key] - b[key]) / count for key in PATTERNS}
    expansion = per["expand"]
    node_map = per["toRDF"] - per["expand"]
    plan = per["shapeHash"] + per["planDataset"] + per["planLines"]
    rdf_total = per["canonicalNQuads"] if per["canonicalNQuads"] > 0 else per["canonicalize"]
    rdfc = max(rdf_total - per["toRDF"] - plan, 0)
    inside_proof = expansion + node_map + plan + rdfc + per["sha256"] + per["ed25519"]
    return {
        "parse + write": per["main"] - per["pipeline"],
        "mapping + glue": per["pipeline"] - per["sign"],
        "JSON-LD expansion": expansion,
        "node map + RDF": node_map,
        "shape plan": plan,
        "RDFC-1.0": rdfc,
        "SHA-256": per["sha256"],
        "Ed25519": per["ed25519"],
        "proof, rest": max(per["sign"] - inside_proof, 0),
    }


def svg(rows, path):
    width, left, bar, gap, top = 960, 190, 28, 14, 60
    total_max = max(sum(values.values()) for _, values in rows)
    scale = (width - left - 80) / total_max
    height = top + len(rows) * (bar + gap) + 90
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
             f'<text x="{left}" y="24" font-size="15">Instructions per credential by stage (callgrind, ProfileHarness)</text>']
    for row, (label, values) in enumerate(rows):
        y = top + row * (bar + gap)
        parts.append(f'<text x="{left - 8}" y="{y + bar * 0.65}" text-anchor="end">{label}</text>')
        x = left
        for stage, colour in zip(STAGES, COLOURS):
            w = values[stage] * scale
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colour}"><title>{stage}: {values[stage] / 1000:.0f}k</title></rect>')
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + bar * 0.65}">{sum(values.values()) / 1000:.0f}k</text>')
    legend_y = top + len(rows) * (bar + gap) + 20
    for index, (stage, colour) in enumerate(zip(STAGES, COLOURS)):
        x = left + (index % 5) * 150
        y = legend_y + (index // 5) * 22
        parts.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colour}"/><text x="{x + 20}" y="{y + 11}">{stage}</text>')
    parts.append("</svg>")
    with open(path, "w") as handle:
        handle.write("\n".join(parts) + "\n")


def main(arguments):
    svg_path = None
    if arguments[:1] == ["--svg"]:
        svg_path, arguments = arguments[1], arguments[2:]
    rows = []
    for argument in arguments:
        label, files = argument.split("=", 1)
        big, small, count = files.split(",")
        rows.append((label, stages(big, small, int(count))))
    print("| run | " + " | ".join(STAGES) + " | total |")
    print("|---|" + "---:|" * (len(STAGES) + 1))
    for label, values in rows:
        print(f"| {label} | " + " | ".join(f"{values[s] / 1000:.0f}k" for s in STAGES) + f" | {sum(values.values()) / 1000:.0f}k |")
    if svg_path:
        svg(rows, svg_path)


if __name__ == "__main__":
    main(sys.argv[1:])
