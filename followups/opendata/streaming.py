"""Streaming of the CSV files, and the gzipped copy of each kept in the cache for the next
readers: the views in followups.opendata.views decide when."""

from __future__ import annotations

import csv
import io
import itertools
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from config.lib import cache
from config.lib.cells import csv_cell
from followups.opendata.datasets import Dataset

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# Rows written between two chunks of a streamed CSV file, and fetched from the database at once.
CSV_CHUNK_ROWS = 2000
# The largest gzipped CSV file kept in the cache (the national follow-ups are about 2 MB).
CSV_COPY_MAX_BYTES = 32 * 1024 * 1024
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def csv_chunks(
    found: Dataset, rows: Iterable[Any], absolute: Callable[[str], str], language: str
) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    # The rows are written while the server sends the file, after the view has returned and
    # its language is no longer active: each chunk is written in it again.
    with translation.override(language):
        # The byte order mark makes Excel read UTF-8, and Swedish Excel splits on semicolons.
        buffer.write("\ufeff")
        writer.writerow([str(column.header) for column in found.columns])
    yield flush()
    for chunk in itertools.batched(rows, CSV_CHUNK_ROWS):
        with translation.override(language):
            for row in chunk:
                writer.writerow([csv_cell(col.value(row, absolute)) for col in found.columns])
        yield flush()


def from_copy(
    request: HttpRequest, copy: bytes, etag: str
) -> HttpResponse | StreamingHttpResponse:
    """The kept gzipped file: as it is to a client that accepts gzip (GZipMiddleware leaves
    a response with a Content-Encoding alone), decompressed as it is sent to the others."""
    response: HttpResponse | StreamingHttpResponse
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(copy, content_type=CSV_CONTENT_TYPE)
        response["Content-Encoding"] = "gzip"
        # Weak, as GZipMiddleware marks the ETag of what it compresses.
        response["ETag"] = f"W/{etag}"
    else:
        response = StreamingHttpResponse(_gunzipped(copy), content_type=CSV_CONTENT_TYPE)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _gunzipped(copy: bytes) -> Iterator[bytes]:
    decompressor = zlib.decompressobj(wbits=31)
    step = 256 * 1024
    for start in range(0, len(copy), step):
        yield decompressor.decompress(copy[start : start + step])
    yield decompressor.flush()


def keeping_a_copy(chunks: Iterable[str], etag: str) -> Iterator[bytes]:
    """CHUNKS as they are sent, and once all are sent, a gzipped copy of them in the cache."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    compressed = []
    for chunk in chunks:
        data = chunk.encode()
        compressed.append(compressor.compress(data))
        yield data
    compressed.append(compressor.flush())
    copy = b"".join(compressed)
    if len(copy) <= CSV_COPY_MAX_BYTES:
        cache.keep_file_copy(etag, copy)
