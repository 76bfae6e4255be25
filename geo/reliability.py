"""Sources fit to cite: each source's reliability class and its reason, derived from its outlet.

publishers.yaml says once, per outlet (by domain and by name), which class it is and why, and which party
speaks through it; a source takes its outlet's class unless it overrides it with a reason of its own.
deny.yaml lists documented disinformation outlets, each with who documented it: a source from one is
refused. A copy read on a mirror (an IPFS gateway, a raw IP address, a listed mirror site) must name the
original outlet it copies (`mirror_of`), or carry the original's URL with the copy as `read_via`.
"""

from __future__ import annotations

import dataclasses
import functools
import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NotRequired
from urllib.parse import urlsplit

from pydantic import Field, with_config
from typing_extensions import TypedDict

from . import settings as S
from ._parse import Collector, read_yaml_list, read_yaml_mapping, show
from ._validate import validate_one, validate_records
from .models import Source
from .package_files import DENY_FILE, PUBLISHERS_FILE
from .schemas import SLUG, SLUG_WORDS, STRICT, Text

Domain = Annotated[str, Field(pattern=r"^[a-z0-9-]+(\.[a-z0-9-]+)+$", description=(
    "a lower-case domain name such as example.org (it also covers its subdomains)"))]
Slug = Annotated[str, Field(pattern=SLUG, description=f"an id: {SLUG_WORDS}")]
Url = Annotated[str, Field(pattern=r"^https?://\S", description="a URL starting with http:// or https://")]


@with_config(STRICT)
class PartyRecord(TypedDict):
    """A party whose word an outlet carries: a claim resting only on it is shown as its claim."""

    id: Slug
    name: Text


# An outlet: its class and why, found by the domains of its URLs or by its names (seeds have no URL).
# "class" is a Python keyword, hence the functional syntax.
OutletRecord = TypedDict("OutletRecord", {
    "id": Slug, "name": Text, "domains": NotRequired[list[Domain]], "names": NotRequired[list[Text]],
    "class": S.Reliability, "reason": Text, "party": NotRequired[Slug]})
ClassAndReason = TypedDict("ClassAndReason", {"class": S.Reliability, "reason": Text})
OutletRecord.__pydantic_config__ = ClassAndReason.__pydantic_config__ = STRICT  # type: ignore[attr-defined]


@with_config(STRICT)
class MirrorRecord(TypedDict):
    """A site that copies other outlets' pages (IPFS gateways and raw IP addresses are mirrors anyway)."""

    domain: Domain
    note: Text


@with_config(STRICT)
class DenyRecord(TypedDict):
    """A documented disinformation outlet: never cited."""

    outlet: Text
    domains: list[Domain]
    names: NotRequired[list[Text]]
    documented_by: Text
    url: Url


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    reliability: str
    reason: str
    party: str | None  # the party's name


@dataclass(frozen=True)
class Denied:
    outlet: str
    documented_by: str
    url: str


@dataclass
class Registry:
    """publishers.yaml and deny.yaml, indexed."""

    outlets: dict[str, Outlet] = dataclasses.field(default_factory=dict)
    by_domain: dict[str, str] = dataclasses.field(default_factory=dict)
    by_name: dict[str, str] = dataclasses.field(default_factory=dict)
    mirrors: dict[str, str] = dataclasses.field(default_factory=dict)
    denied_domains: dict[str, Denied] = dataclasses.field(default_factory=dict)
    denied_names: dict[str, Denied] = dataclasses.field(default_factory=dict)
    unknown_publisher: tuple[str, str] | None = None


def read_registry(data_dir: Path, out: Collector) -> Registry:
    """The outlets, parties, mirrors and denied outlets, with every problem of the two files reported."""
    reg = Registry()
    meta = read_yaml_mapping(data_dir / PUBLISHERS_FILE, PUBLISHERS_FILE, out, record="-")
    for key in meta.keys() - {"parties", "outlets", "mirrors", "unknown_publisher"}:
        out.add(PUBLISHERS_FILE, "-", str(key), "unknown section; allowed: parties, outlets, mirrors, "
                                                "unknown_publisher")
    parties = {p["id"]: p["name"] for _, p in validate_records(PartyRecord, _list(meta, "parties", out),
                                                                PUBLISHERS_FILE, out) if p is not None}
    for _, rec in validate_records(OutletRecord, _list(meta, "outlets", out), PUBLISHERS_FILE, out):
        if rec is None:
            continue
        oid = rec["id"]
        if oid in reg.outlets:
            out.add(PUBLISHERS_FILE, oid, "id", "duplicate outlet id")
            continue
        party = rec.get("party")
        if party is not None and party not in parties:
            out.add(PUBLISHERS_FILE, oid, "party", f"unknown party {party!r}; allowed: {', '.join(sorted(parties))}")
        elif party is None and rec["class"] in S.PARTY_CLASSES:
            out.add(PUBLISHERS_FILE, oid, "party", f"class {rec['class']!r} needs the party whose word it carries")
        reg.outlets[oid] = Outlet(oid, rec["name"], rec["class"], rec["reason"], parties.get(party or ""))
        for domain in rec.get("domains", []):
            _index(reg.by_domain, domain, oid, "domains", out)
        for name in (rec["name"], *rec.get("names", [])):
            _index(reg.by_name, name.casefold(), oid, "names", out)
    for _, m in validate_records(MirrorRecord, _list(meta, "mirrors", out), PUBLISHERS_FILE, out):
        if m is not None:
            reg.mirrors[m["domain"]] = m["note"]
    if "unknown_publisher" in meta:
        unknown = validate_one(ClassAndReason, meta["unknown_publisher"], PUBLISHERS_FILE, "unknown_publisher", out)
        if unknown is not None:
            reg.unknown_publisher = (unknown["class"], unknown["reason"])
    for _, d in validate_records(DenyRecord, read_yaml_list(data_dir / DENY_FILE, DENY_FILE, out), DENY_FILE, out):
        if d is not None:
            denied = Denied(d["outlet"], d["documented_by"], d["url"])
            reg.denied_domains.update(dict.fromkeys(d["domains"], denied))
            reg.denied_names.update({n.casefold(): denied for n in (d["outlet"], *d.get("names", []))})
    return reg


def _list(meta: dict[str, Any], key: str, out: Collector) -> list[dict[str, Any]]:
    """A section's records, each a mapping (as read_yaml_list reads a file's); what is not is reported."""
    value = meta.get(key, [])
    if not isinstance(value, list):
        out.add(PUBLISHERS_FILE, key, "-", "must be a list of records")
        return []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            found = type(item).__name__
            out.add(PUBLISHERS_FILE, f"{key} #{i + 1}", "-", f"must be a mapping of fields, found {found}")
    return [item for item in value if isinstance(item, dict)]


def _index(table: dict[str, str], key: str, oid: str, field: str, out: Collector) -> None:
    if table.get(key, oid) != oid:
        out.add(PUBLISHERS_FILE, oid, field, f"{key!r} is also listed for outlet {table[key]!r}; one outlet each")
    table[key] = oid


@functools.lru_cache(maxsize=4096)  # a source's URLs are asked for by several checks
def host_of(url: str | None) -> str | None:
    """The URL's host, lower-case, without a trailing dot or a leading www."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.rstrip(".").removeprefix("www.") if host else None


def _by_domain(host: str | None, table: dict[str, Any]) -> Any:
    """The entry for the host or the nearest of its parent domains (a subdomain belongs to its domain)."""
    labels = (host or "").split(".")
    for i in range(len(labels) - 1):
        found = table.get(".".join(labels[i:]))
        if found is not None:
            return found
    return None


def mirror_kind(host: str | None, reg: Registry) -> str | None:
    """Why the host is a mirror (an IPFS gateway, a raw IP address, a listed mirror), or None."""
    if not host:
        return None
    with_dots = f".{host}."
    if ".ipfs." in with_dots or "-ipfs." in with_dots or "ipfs" in host.split(".")[0]:
        return "an IPFS gateway"
    try:
        ipaddress.ip_address(host.strip("[]"))
        return "a raw IP address"
    except ValueError:
        pass
    return _by_domain(host, reg.mirrors)


def _denied(src: Source, reg: Registry) -> Denied | None:
    for url in (src.url, src.read_via):
        hit = _by_domain(host_of(url), reg.denied_domains)
        if hit is not None:
            return hit
    name = (src.publisher or "").casefold()
    return next((d for n, d in reg.denied_names.items() if name == n or name.startswith(f"{n} (")), None)


def classify(src: Source, reg: Registry, out: Collector, label: str) -> Source:
    """The source with its outlet, class, reason and party; every reason it cannot be cited reported."""
    host = host_of(src.url)
    denied = _denied(src, reg)
    if denied is not None:
        out.add(label, src.id, "url" if src.url else "publisher",
                f"{host or show(src.publisher)} is {denied.outlet}, documented as a disinformation outlet by "
                f"{denied.documented_by} ({DENY_FILE}: {denied.url}); it cannot be cited")
        return src
    mirror = mirror_kind(host, reg)
    if mirror is not None and src.mirror_of is None:
        out.add(label, src.id, "url", f"{host} is {mirror}, a copy: replace the url with the original "
                                      "publication's (the copy as read_via) or name the original outlet with "
                                      f"mirror_of (an outlet id in {PUBLISHERS_FILE})")
        return src
    outlet_id = src.mirror_of or src.outlet or _by_domain(host, reg.by_domain) or (
        reg.by_name.get(src.publisher.casefold()) if src.publisher else None)
    outlet = reg.outlets.get(outlet_id or "")
    registry_read = out.readable(PUBLISHERS_FILE)  # refused whole: its outlets are not "unknown" for that
    if outlet_id is not None and outlet is None and registry_read:
        field = "mirror_of" if src.mirror_of else "outlet"
        out.add(label, src.id, field, f"unknown outlet {outlet_id!r}; it must be an outlet id in {PUBLISHERS_FILE}")
    reliability, reason, party = (outlet.reliability, outlet.reason, outlet.party) if outlet else (None, None, None)
    if src.reliability is not None:  # the source's own override, with its reason
        reliability, reason = src.reliability, src.reliability_reason
    if reliability is None and src.publisher is None and reg.unknown_publisher is not None:
        reliability, reason = reg.unknown_publisher
    if reliability is None and registry_read:
        if outlet_id is None:
            out.add(label, src.id, "publisher", f"{show(src.publisher)} (host {host or 'none'}) has no class: add its "
                                                f"outlet to {PUBLISHERS_FILE} (by domain or name) with one of "
                                                f"{', '.join(S.RELIABILITIES)} and a reason, or name one with outlet")
        return src
    if src.mirror_of:
        reason = f"{reason} Read on a copy at {host}" + (f" ({mirror})." if mirror else ".")
    elif src.read_via:
        reason = f"{reason} Read on a copy at {host_of(src.read_via)}."
    return dataclasses.replace(src, reliability=reliability, reliability_reason=reason, party=party,
                               outlet=outlet.id if outlet else None)


def classify_all(sources: dict[str, Source], reg: Registry, out: Collector, seed_label: str, sources_label: str
                 ) -> dict[str, Source]:
    """Every source classified (see `classify`)."""
    return {sid: classify(s, reg, out, seed_label if s.is_seed else sources_label) for sid, s in sources.items()}


def reliability_text(source: Source) -> str | None:
    """The source's class in words, with the party whose word it carries and the reason, or None if it has
    none (a package that did not validate): what both editions show beside the source."""
    if source.reliability is None:
        return None
    words = S.RELIABILITY_WORDS[source.reliability]
    if source.party:
        words += f" ({source.party})"
    return f"{words[0].upper()}{words[1:]}. {source.reliability_reason or ''}".strip()


def claim_of(sources: list[Source]) -> str | None:
    """Whose claim an entry is when every source it rests on is a party's statement or a state-affiliated or
    partisan outlet (None if any source is independent, an encyclopedia, unclassified or a seed of unknown
    publisher, or if there are none)."""
    if not sources or any(s.reliability not in S.PARTY_CLASSES or not s.party for s in sources):
        return None
    parties = sorted({s.party for s in sources if s.party})
    if len(parties) == 1:
        return (f"{parties[0][0].upper()}{parties[0][1:]}'s claim: every source of this entry is its official "
                "statement or a state-affiliated or partisan outlet.")
    return (f"Rests only on the word of {', '.join(parties[:-1])} and {parties[-1]}: every source of this entry is "
            "a party's statement or a state-affiliated or partisan outlet.")
