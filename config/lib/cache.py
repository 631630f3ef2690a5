"""Cached public pages, invalidated when their content changes.

Every public page is cached under its address with the version numbers it was rendered at: one
per municipality (for the kommun pages), a national version (for lists, counts and feeds that
span kommuner) and a global epoch. Saving or deleting domain data bumps the versions it
touches, so the next request renders afresh. The versions live in the cache itself, so several
processes (gunicorn workers, and several servers, on one shared Redis) agree on them. Each
process also keeps the pages it served last and serves such a copy after reading only its
versions: a change made through any server shows through all of them at once.

The entry also names the scopes the page depends on, so `current_copy` can serve it without
asking the database which kommun an address belongs to: before a view runs (`cache_first`),
and while the database is down.

A page is keyed by the scheme and host it was asked at (its absolute links name them), its
path, and only the query parameters its view reads: `?utm_x=<anything>` finds the same entry
instead of filling the cache with copies. Each entry keeps an ETag of its content, so a reader
who already has the page gets a bodiless 304 from the cache without it being joined again.

The cache helps; the site does not depend on it. When it fails (Redis down or unreachable),
pages are rendered from the database, the failure is logged, and this process leaves the cache
alone for CACHE_RETRY_SECONDS instead of waiting on it in every request. A change whose
version could not be bumped meanwhile bumps the epoch once the cache answers again, so no page
cached before the outage outlives it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe, urlencode

PAGE_TIMEOUT = 60 * 60 * 24
LOCAL_PAGES = 256  # kept in each process's memory, served after a check of their versions
RENDER_LOCK_TIMEOUT = 30  # a rendering that failed without releasing its lock
RENDER_WAIT_SECONDS = 10  # how long a reader waits for another's rendering before its own
RENDER_POLL_SECONDS = 0.02
VERSION_TIMEOUT = None  # versions must outlive the pages cached under them
CSRF_PLACEHOLDER = "__csrf_token_placeholder__"
NATIONAL = "national"
EPOCH = "epoch"
CACHE_RETRY_SECONDS = 5  # after a failure, how long this process renders without the cache

logger = logging.getLogger("medborgarloften.cache")


class _Outage:
    """This process's view of the cache's health: when to try it again, and whether a change
    happened that the versions in the cache do not know of."""

    retry_at = 0.0
    missed_bump = False


def _cache_usable() -> bool:
    if time.monotonic() < _Outage.retry_at:
        return False
    if _Outage.missed_bump:
        # The first call that finds the cache back drops every page cached before the change.
        _Outage.missed_bump = not _bump_now([EPOCH])
        return not _Outage.missed_bump
    return True


def _cache_failed(error: Exception) -> None:
    logger.error("cache unavailable, pages are rendered without it: %r", error)
    _Outage.retry_at = time.monotonic() + CACHE_RETRY_SECONDS


def _version_key(scope: str | int) -> str:
    return f"public-version:{scope}"


def _version_keys(scopes: Iterable[str | int]) -> list[str]:
    return [_version_key(scope) for scope in (EPOCH, *scopes)]


def _versions_of(found: dict, keys: list[str]) -> str:
    missing = [key for key in keys if key not in found]
    if missing:
        # A new cache (or one emptied), or a version Redis evicted under its maxmemory: each
        # starts again at a random number, so that no page rendered before, kept in the cache
        # or by a process (_local_page), can match the versions that start again.
        for key in missing:
            cache.add(key, secrets.randbits(48), VERSION_TIMEOUT)
        found = {**found, **cache.get_many(missing)}
    return ".".join(str(found.get(key, 0)) for key in keys)


def versions(*scopes: str | int) -> str:
    keys = _version_keys(scopes)
    return _versions_of(_read_versions(keys), keys)


def _read_versions(keys: list[str]) -> dict:
    """The versions at KEYS that exist: through the Redis backend's get_counters() when it has
    one (config.lib.redis_cache), as every cached page asks; any other backend's get_many()."""
    read = getattr(cache, "get_counters", None)
    return read(keys) if read is not None else cache.get_many(keys)


def _bump(scopes: Iterable[str | int]) -> None:
    if not (_cache_usable() and _bump_now(scopes)):
        _Outage.missed_bump = True


def _bump_now(scopes: Iterable[str | int]) -> bool:
    """Increment the versions of SCOPES; False if the cache failed."""
    try:
        for scope in scopes:
            key = _version_key(scope)
            # add() then incr() is atomic on Redis and in the local-memory cache; a lost race
            # only means one extra render.
            cache.add(key, secrets.randbits(48), VERSION_TIMEOUT)
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, secrets.randbits(48), VERSION_TIMEOUT)
    except Exception as error:  # whatever the backend raises when its server is away
        _cache_failed(error)
        return False
    return True


def bump(municipality_ids: Iterable[int], national: str = NATIONAL) -> None:
    """Invalidate the pages of these municipalities and the national pages of NATIONAL (every
    national page by default), after commit."""
    scopes: list[str | int] = [national, *set(municipality_ids)]
    transaction.on_commit(lambda: _bump(scopes))


def bump_everything() -> None:
    transaction.on_commit(lambda: _bump([EPOCH]))


def watch(
    model: type[models.Model],
    municipality_ids: Callable[[models.Model], Iterable[int]] | None,
    *m2m_fields: str,
    national: str = NATIONAL,
) -> None:
    """Invalidate public pages whenever a MODEL row, or one of its M2M_FIELDS, changes.

    MUNICIPALITY_IDS names the municipalities whose pages show the row; None means any page
    may show it (a county, a focus area), so every page is invalidated. NATIONAL names the
    scope of the national pages that show it: NATIONAL itself, or a narrower one that only
    the national pages listing such rows depend on, so that a frequent change (a follow-up's
    text) leaves the start page and the overview cached. Bulk writes send no signals: code
    that uses bulk_create() or update() on watched models calls bump() itself.
    """

    def changed(sender, instance, **kwargs) -> None:
        if kwargs.get("raw") or municipality_ids is None or not isinstance(instance, model):
            bump_everything()
            return
        try:
            ids = [pk for pk in municipality_ids(instance) if pk is not None]
        except ObjectDoesNotExist:
            # A cascade already removed the parent; we no longer know whose page it was.
            bump_everything()
            return
        bump(ids, national)

    label = model._meta.label_lower
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"cache-save:{label}")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"cache-delete:{label}")
    for name in m2m_fields:
        through = getattr(model, name).through
        m2m_changed.connect(
            changed, sender=through, weak=False, dispatch_uid=f"cache-m2m:{label}.{name}"
        )


def cached_response(
    request: HttpRequest,
    scopes: Iterable[str | int],
    render: Callable[[dict], HttpResponse],
    params: Iterable[str] = (),
) -> HttpResponse:
    """Serve RENDER's page from the cache, rendering it once per content version.

    PARAMS names the query parameters the page reads; the others do not change it and are
    left out of its key. RENDER gets extra context to pass to its template: a CSRF
    placeholder, so that a form on a cached page carries the token of whoever reads it, not of
    whoever filled the cache.
    """
    params = _read_params(request, params)
    if request.method not in ("GET", "HEAD") or not settings.PUBLIC_PAGE_CACHE:
        return render({})
    if not _cache_usable():
        return render({})
    scopes = list(scopes)
    key = _page_key(request, params)
    version_keys = _version_keys(scopes)
    local = _local_page(key)
    try:
        # One trip: the versions, and the page unless this process keeps a copy of it.
        found: dict = (
            _read_versions(version_keys)
            if local is not None
            else cache.get_many([key, *version_keys])
        )
        current = _versions_of(found, version_keys)
        if local is not None and local["versions"] == current:
            return _from_cache(request, local)
        cached = found.get(key) if local is None else cache.get(key)
    except Exception as error:  # whatever the backend raises when its server is away
        _cache_failed(error)
        return render({})
    lock = f"rendering:{key}"
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    while cached is not None and cached["versions"] != current:
        # One request renders the new version; while it does, the others wait for its copy
        # (a busy page, just changed) rather than all render the same page at once, or serve
        # the previous version: a change confirmed to its writer shows to every reader after.
        if _cache_write(cache.add, lock, 1, RENDER_LOCK_TIMEOUT):
            try:
                return _rendered(request, key, scopes, current, render)
            finally:
                _cache_write(cache.delete, lock)
        if time.monotonic() >= deadline:
            break  # the rendering has stalled: render it here
        time.sleep(RENDER_POLL_SECONDS)
        try:
            found = cache.get_many([key, *version_keys])
            current = _versions_of(found, version_keys)
        except Exception as error:  # whatever the backend raises when its server is away
            _cache_failed(error)
            return render({})
        cached = found.get(key)
    if cached is None or cached["versions"] != current:
        return _rendered(request, key, scopes, current, render)
    _keep_local_page(key, cached)
    return _from_cache(request, cached)


def _rendered(
    request: HttpRequest,
    key: str,
    scopes: list[str | int],
    current: str,
    render: Callable[[dict], HttpResponse],
) -> HttpResponse:
    """RENDER's page, stored in the cache under KEY as of the versions CURRENT."""
    response = render({"csrf_token": CSRF_PLACEHOLDER})
    if response.status_code != 200 or response.streaming:
        return _with_token(request, response)
    if hasattr(response, "render"):
        response.render()
    cached = {
        "etag": hashlib.sha256(response.content).hexdigest()[:32],
        # The versions read before rendering: a bump during the rendering makes it stale.
        "versions": current,
        "scopes": scopes,
        # Split where the reader's CSRF token goes: joined again with it when served.
        "parts": response.content.split(CSRF_PLACEHOLDER.encode()),
        "content_type": response["Content-Type"],
        # Every header but cookies, which belong to whoever filled the cache.
        "headers": {
            name: value
            for name, value in response.items()
            if name.lower() not in {"set-cookie", "content-type", "content-length"}
        },
    }
    _cache_write(cache.set, key, cached, PAGE_TIMEOUT)
    _keep_local_page(key, cached)
    return _from_cache(request, cached)


def _cache_write(write: Callable[..., object], *args) -> object:
    """WRITE(*ARGS) on the cache, or False if the cache fails: the page is served all the same."""
    try:
        return write(*args)
    except Exception as error:  # whatever the backend raises when its server is away
        _cache_failed(error)
        return False


def cache_first(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the cached page before VIEW runs the query that finds its scopes.

    For views whose whole response comes from cached_response() and that read no query
    parameter: a page the cache has, unchanged, then costs no query at all (the kommun page
    looks up its kommun first).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        _read_params(request, ())
        if settings.PUBLIC_PAGE_CACHE and (cached := current_copy(request)) is not None:
            return cached
        return view(request, *args, **kwargs)

    return wrapper


def _read_params(request: HttpRequest, params: Iterable[str]) -> tuple[str, ...]:
    """Note on REQUEST the parameters its page reads, for current_copy() after an error."""
    request.public_page_params = tuple(sorted(set(params)))  # type: ignore[attr-defined]
    return request.public_page_params  # type: ignore[attr-defined]


def current_copy(request: HttpRequest) -> HttpResponse | None:
    """The cached page at this address, if its content is unchanged; without the database."""
    if request.method not in ("GET", "HEAD"):
        return None
    params = getattr(request, "public_page_params", None)
    if params is None:
        if request.GET:
            # The view failed before it said which parameters it reads: its key is unknown.
            return None
        params = ()
    if not _cache_usable():
        return None
    key = _page_key(request, params)
    local = _local_page(key)
    try:
        if local is not None and local["versions"] == versions(*local["scopes"]):
            return _from_cache(request, local)
        cached = cache.get(key)
        if cached is None or cached["versions"] != versions(*cached["scopes"]):
            return None
    except Exception as error:  # whatever the backend raises when its server is away
        _cache_failed(error)
        return None
    _keep_local_page(key, cached)
    return _from_cache(request, cached)


# The pages this process served last. Each is served again only once its versions, read from
# the shared cache, still match: a small read instead of the whole page, and a change made
# through any process or server shows at once.
_local_pages: OrderedDict[str, dict] = OrderedDict()
_local_lock = threading.Lock()


def _local_page(key: str) -> dict | None:
    """This process's copy of the page at KEY, to be checked against the versions."""
    with _local_lock:
        return _local_pages.get(key)


def _keep_local_page(key: str, cached: dict) -> None:
    with _local_lock:
        _local_pages[key] = cached
        _local_pages.move_to_end(key)
        while len(_local_pages) > LOCAL_PAGES:
            _local_pages.popitem(last=False)


def forget_outage() -> None:
    """Try the cache again at once, with nothing left to catch up on (tests)."""
    _Outage.retry_at = 0.0
    _Outage.missed_bump = False


def forget_local_pages() -> None:
    """Drop the copies of pages this process keeps (tests)."""
    with _local_lock:
        _local_pages.clear()


def page_key(language: str, address: str) -> str:
    # The address is hashed: its values are whatever the client sent, of any length and with
    # any characters, and a cache key must be short and plain. The day is part of the key:
    # what a page shows also depends on the date (the charter in force, a survey that opens
    # or closes), and no save marks that moment. The 3 is the entry's format: a process
    # started before a change of it never reads one it does not understand.
    address = hashlib.sha256(address.encode()).hexdigest()
    return f"public-page:3:{language}:{timezone.localdate().isoformat()}:{address}"


def page_address(request: HttpRequest, params: Iterable[str]) -> str:
    """What tells one page from another: where it was asked, and the PARAMS it reads.

    The scheme and host are part of it because a page, a feed or an API answer carries
    absolute links built from them: a copy made for one allowed host name must not be served
    under another.
    """
    return f"{request.scheme}://{request.get_host()}{_path_with(request, params)}"


def _path_with(request: HttpRequest, params: Iterable[str]) -> str:
    used = [(name, value) for name in sorted(set(params)) for value in request.GET.getlist(name)]
    return f"{request.path}?{urlencode(used)}" if used else request.path


def page_path(request: HttpRequest) -> dict:
    """Template context: `page_path`, the page's address with only the parameters it reads.

    A cached page is served whatever else the address carried; a link back to it (the
    language switch's) must not hand the first reader's ?utm_x=… to everyone.
    """
    params = getattr(request, "public_page_params", None)
    return {
        "page_path": request.get_full_path() if params is None else _path_with(request, params)
    }


def _page_key(request: HttpRequest, params: Iterable[str]) -> str:
    return page_key(translation.get_language(), page_address(request, params))


def version_etag(
    request: HttpRequest, scopes: Iterable[str | int], params: Iterable[str] = ()
) -> str | None:
    """An ETag of a response made from the data of SCOPES, without making it: the versions
    change whenever that data does. None while the cache is unavailable."""
    if not _cache_usable():
        return None
    try:
        current = versions(*scopes)
    except Exception as error:  # whatever the backend raises when its server is away
        _cache_failed(error)
        return None
    seed = f"{_page_key(request, params)}:{current}"
    return f'"{hashlib.sha256(seed.encode()).hexdigest()[:32]}"'


def file_copy(etag: str) -> bytes | None:
    """The stored copy of a generated file whose data is at the version ETAG names."""
    if not _cache_usable():
        return None
    try:
        return cache.get(_file_key(etag))
    except Exception as error:  # whatever the backend raises when its server is away
        _cache_failed(error)
        return None


def keep_file_copy(etag: str, data: bytes) -> None:
    if _cache_usable():
        _cache_write(cache.set, _file_key(etag), data, PAGE_TIMEOUT)


def _file_key(etag: str) -> str:
    return "public-file:" + etag.removeprefix("W/").strip('"')


def _from_cache(request: HttpRequest, cached: dict) -> HttpResponse:
    parts = cached["parts"]
    headers = cached["headers"]
    etag = cached["etag"]
    token = None
    if len(parts) > 1:
        # The copy carries the reader's CSRF token, so its validator names the reader's
        # secret too: a 304 never confirms a copy whose token no longer matches the cookie
        # (after a login, which rotates it), and a reader without the cookie gets a new one.
        token = get_token(request)
        secret = request.META["CSRF_COOKIE"]
        etag = hashlib.sha256(f"{etag}:{secret}".encode()).hexdigest()[:32]
    etag = f'"{etag}"'
    bare = HttpResponse(content_type=cached["content_type"], headers={**headers, "ETag": etag})
    # Answered here, before the page is joined with the token: a bodiless 304 when the reader
    # has this very copy.
    answer = get_conditional_response(
        request,
        etag=etag,
        last_modified=parse_http_date_safe(headers.get("Last-Modified", "")),
        response=bare,
    )
    if answer is not None and answer is not bare:
        return answer
    bare.content = token.encode().join(parts) if token is not None else parts[0]
    return bare


def _with_token(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if response.streaming:
        return response
    placeholder = CSRF_PLACEHOLDER.encode()
    if placeholder in response.content:
        response.content = response.content.replace(placeholder, get_token(request).encode())
    return response
