"""Turning an add request (URLs, uploaded files, pasted text) into one writer job.

Everything is checked before anything is saved: the number and size of the files, the
length of the text, each URL's scheme and literal host. A bad request stores nothing. Saved
uploads are kept beside the database (``<db>-uploads/<job folder>/``), so that each stored
article's ``source`` names a file that exists, as for files added from the command line.
"""

from __future__ import annotations

import hashlib

from newsdesk.web.errors import WebError
from newsdesk.web.state import upload_name

CHUNK = 1 << 16


def _urls(text: str | None) -> list[str]:
    return [u.strip() for u in (text or "").replace(",", "\n").split() if u.strip()]


def _precheck_url(url: str, allowed_hosts: tuple[str, ...] = ()) -> str | None:
    """What the URL policy refuses before any connection (the writer checks again on every
    redirect hop and on the connected socket)."""
    from newsdesk.ingest.web import url_problem

    problem = url_problem(url, allow_private=False, allowed_hosts=allowed_hosts)
    return problem.replace(" (allow with --allow-private)", "") if problem else None


async def submit(state, *, urls: str | None, text: str | None, title: str | None, files) -> object:
    cfg = state.config
    url_list = _urls(urls)
    files = [f for f in (files or []) if f is not None and (f.filename or getattr(f, "size", 0))]
    text = (text or "").strip()
    if not url_list and not files and not text:
        raise WebError(400, "nothing_to_add", "give a URL, a file or some text to add")
    if len(url_list) > cfg.max_urls:
        raise WebError(413, "too_many_urls", f"at most {cfg.max_urls} URLs at a time")
    for url in url_list:
        why = _precheck_url(url, cfg.url_allowed_hosts)
        if why:
            raise WebError(400, "url_refused", f"{url}: {why}")
    if len(files) > cfg.max_files:
        raise WebError(413, "too_many_files", f"at most {cfg.max_files} files at a time ({len(files)} given)")
    if len(text) > cfg.max_text_chars:
        raise WebError(413, "text_too_long", f"pasted text over {cfg.max_text_chars:,} characters")
    contents: list[tuple[str, bytes]] = []
    for i, upload in enumerate(files):
        name = upload_name(upload.filename, f"upload-{i + 1}.txt")
        data = bytearray()
        while chunk := await upload.read(CHUNK):
            data += chunk
            if len(data) > cfg.max_file_bytes:
                raise WebError(413, "file_too_large", f"{name}: over the {cfg.max_file_bytes:,}-byte cap per file")
        if not data.strip():
            raise WebError(400, "empty_file", f"{name}: empty file")
        contents.append((name, bytes(data)))
    if text:
        doc = (title.strip() + "\n\n" + text) if title and title.strip() else text
        digest = hashlib.sha256(doc.encode("utf-8")).hexdigest()[:16]
        contents.append((f"pasted-{digest}.txt", doc.encode("utf-8")))

    inputs: list[str] = []
    names: list[str] = []
    if contents:
        folder = state.job_folder()
        used: set[str] = set()
        for name, data in contents:
            unique, n = name, 1
            while unique.lower() in used:
                n += 1
                stem, dot, ext = name.partition(".")
                unique = f"{stem}-{n}{dot}{ext}"
            used.add(unique.lower())
            path = folder / unique
            path.write_bytes(data)
            inputs.append(str(path))
            names.append(unique)
    inputs.extend(url_list)
    names.extend(url_list)
    return state.writer.submit(inputs, names, cfg.max_file_bytes)
