"""An implementation certbridge did not write (Python's `email` package) reads a rendered e-mail.

Run by Tests/MailTests/SMTPPythonEmailTests.swift with the path of a file holding the message as
sent in DATA (CRLF line endings). Prints one JSON object: subject, from, to, text and html bodies
(decoded), and the defects the parser found.
"""
import email
import email.policy
import json
import sys

with open(sys.argv[1], "rb") as handle:
    message = email.message_from_bytes(handle.read(), policy=email.policy.default)

def body(kind):
    part = message.get_body(preferencelist=(kind,))
    if part is None:
        return None
    return part.get_content().replace("\r\n", "\n")

defects = [type(d).__name__ for d in message.defects]
for part in message.walk():
    defects += [type(d).__name__ for d in part.defects]

json.dump(
    {
        "subject": str(message["subject"]),
        "from": [a.addr_spec for a in message["from"].addresses],
        "from_name": message["from"].addresses[0].display_name,
        "to": [a.addr_spec for a in message["to"].addresses],
        "text": body("plain"),
        "html": body("html"),
        "message_id": str(message["message-id"]),
        "date": message["date"].datetime.isoformat(),
        "defects": defects,
    },
    sys.stdout,
    ensure_ascii=False,
)
