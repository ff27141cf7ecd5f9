"""E-mail (.eml): the headers a reader needs, the body, and each attachment as a document.

The plain-text body is preferred (it is what the sender wrote; the HTML one repeats it with
styling), else the HTML one is read. Attachments are read with the same readers as uploads
(through `read_attachment`, which the package passes in so limits and nesting depth carry
over); one that cannot be read is listed in `skipped` with why, never fatal to the e-mail.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterator
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.policy import default

from sounding.assist.document import Block, DocumentError, ExtractedDocument, Page, Text
from sounding.assist.extract._common import clean, decode, metadata, paragraphs, reading
from sounding.assist.extract.text import cleaned
from sounding.retrieval.markup import html_blocks

#: Reads an attachment's bytes under a name; the format is forced where given ("eml").
AttachmentReader = Callable[[bytes, str, str | None], ExtractedDocument]

HEADERS = ("From", "To", "Cc", "Date", "Subject")


def read_email(data: bytes, name: str, read_attachment: AttachmentReader) -> ExtractedDocument:
    """An e-mail's headers and body as one page without a number, attachments alongside."""
    with reading(name, "e-mail"):
        message = BytesParser(policy=default).parsebytes(data)
        headers = {key: clean(str(message.get(key, ""))) for key in HEADERS}
        blocks: list[Block] = [Text(f"{key}: {value}") for key, value in headers.items() if value]
        blocks.extend(_body(message, name))
        parts = list(message.iter_attachments())
    found = metadata(headers["Subject"], headers["From"])
    if headers["Date"]:
        found["date"] = headers["Date"]
    attachments: list[ExtractedDocument] = []
    skipped: list[str] = []
    for number, part in enumerate(parts, start=1):
        result = _attachment(part, number, read_attachment)
        if isinstance(result, str):
            skipped.append(result)
        else:
            attachments.append(result)
    return ExtractedDocument(
        name,
        "eml",
        (Page(None, "", tuple(blocks)),),
        attachments=tuple(attachments),
        metadata=found,
        skipped=tuple(skipped),
    )


def _body(message: EmailMessage, name: str) -> Iterator[Block]:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return
    text = part_text(part, name)
    if part.get_content_subtype() == "html":
        yield from cleaned(html_blocks(text))
    else:
        yield from paragraphs(text)


def part_text(part: Message, name: str) -> str:
    """A text part's content; where its declared charset is wrong or unknown, the bytes are
    decoded as an uploaded text file is."""
    try:
        content = part.get_content() if isinstance(part, EmailMessage) else None
    except (LookupError, UnicodeError):
        content = None
    if isinstance(content, str):
        return content
    payload = part.get_payload(decode=True)
    return decode(payload, name) if isinstance(payload, bytes) else ""


def _attachment(
    part: EmailMessage, number: int, read_attachment: AttachmentReader
) -> ExtractedDocument | str:
    """The attachment read as a document, or why it was left out."""
    content_type = part.get_content_type()
    name = clean(part.get_filename() or "") or _unnamed(part, number)
    if part.get_content_maintype() == "image":
        return f"attachment {name}: images hold no text"
    try:
        with reading(name, "attachment"):
            if content_type == "message/rfc822":
                return read_attachment(_inner_message(part).as_bytes(), name, "eml")
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes) or not payload:
                return f"attachment {name}: it holds no file"
            return read_attachment(payload, name, None)
    except DocumentError as error:
        return f"attachment {error.message}"


def _inner_message(part: EmailMessage) -> EmailMessage:
    inner = part.get_content()
    if not isinstance(inner, EmailMessage):
        raise TypeError("message/rfc822 part without a message")
    return inner


def _unnamed(part: EmailMessage, number: int) -> str:
    """A name for an attachment sent without one: a forwarded message's subject, else its
    number and the usual suffix of its type (so its format can be told)."""
    if part.get_content_type() == "message/rfc822":
        try:
            subject = clean(str(_inner_message(part).get("Subject", "")))
        except Exception:  # a damaged forwarded message: its reader will say what is wrong
            subject = ""
        return f"{subject or 'forwarded message'}.eml"
    suffix = mimetypes.guess_extension(part.get_content_type()) or ""
    return f"attachment {number}{suffix}"
