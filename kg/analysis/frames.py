"""The built graph as pandas DataFrames: named queries, memberships, meetings, terms,
timelines. The SPARQL of these frames is in ``kg/queries/analysis/*.rq``."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from ..store import GraphStore

GraphLike = str | Path | GraphStore
"""A build folder (``kg build ... -o OUT``) or an open :class:`~kg.store.GraphStore`."""


@lru_cache(maxsize=None)
def _sparql(name: str) -> str:
    """The SPARQL of frame ``name`` (``kg/queries/analysis/NAME.rq``)."""
    return resources.files("kg.queries").joinpath("analysis", f"{name}.rq").read_text(encoding="utf-8")


_DATE_COLUMNS = ("published", "date", "first_reported", "first_seen", "last_seen")


# ---------------------------------------------------------------------------- frames


@contextmanager
def _opened(graph: GraphLike) -> Iterator[GraphStore]:
    """The store of ``graph``: an open one as is, a build folder opened (and closed after)."""
    if isinstance(graph, GraphStore):
        yield graph
        return
    with GraphStore.open(graph) as store:
        yield store


def frame(query: str, graph: GraphLike, **params: str) -> pd.DataFrame:
    """A named query (``kg queries``), a ``.rq`` file or SPARQL text, as a DataFrame.

    Columns are the query's variables, in order, also when there are no rows; unbound
    values are ``None``. ``params`` bind the query's ``# @param`` variables, e.g.
    ``frame("org-leaders", "out", org="甘肃省总工会")``. Raises
    :class:`kg.store.QueryError` for an unknown query or a missing parameter.
    """
    with _opened(graph) as store:
        result = store.select(query, params=params)
    return pd.DataFrame(result.rows, columns=result.columns, dtype=object)


def _dates(df: pd.DataFrame) -> pd.DataFrame:
    """Date columns (``YYYY-MM-DD`` text) as datetimes, ``NaT`` where unknown."""
    for col in _DATE_COLUMNS:
        if col in df.columns:
            df[col] = pd.to_datetime(df[col].replace("", None), errors="coerce", format="%Y-%m-%d")
    return df


def _int_columns(df: pd.DataFrame, *cols: str) -> pd.DataFrame:
    for col in cols:
        if col in df.columns:
            df[col] = pd.to_numeric(df[col]).fillna(0).astype(int)
    return df


def memberships(graph: GraphLike) -> pd.DataFrame:
    """Who holds which role in which organisation, one row per membership per report.

    Columns: ``doc``, ``published`` (report date, datetime or NaT), ``person_id``,
    ``person``, ``role``, ``org_id``, ``org`` (canonical name), ``level`` (national,
    province, city … or None), ``how`` (stated / elected / appointed) and ``evidence``
    (the quotes stating it, one per line).
    """
    return _dates(frame(_sparql('memberships'), graph))


def participations(graph: GraphLike) -> pd.DataFrame:
    """Who took part in which meeting and how, one row per participation per report.

    Columns: ``doc``, ``published``, ``person_id``, ``person``, ``kind`` (presided,
    attended, spoke, reported, elected, appointed), ``meeting_id``, ``meeting`` (name),
    ``org_id``, ``org`` (organiser), ``date`` (meeting day or NaT).
    """
    return _dates(frame(_sparql('participations'), graph))


def meetings(graph: GraphLike) -> pd.DataFrame:
    """Every meeting once (a meeting several reports name is one node): ``meeting_id``,
    ``meeting``, ``org_id``, ``org``, ``date`` (day or NaT), ``status`` (held when any report
    says it was held, else planned or mentioned), ``first_reported`` (earliest report
    date), ``reports``, ``sources`` (doc ids), ``tasks`` and ``participants`` (counts)."""
    df = _dates(frame(_sparql('meetings'), graph))
    return _int_columns(df, "reports", "tasks", "participants")


def tasks(graph: GraphLike) -> pd.DataFrame:
    """Tasks set by meetings, one row per task per report: ``doc``, ``meeting_id``,
    ``meeting``, ``org``, ``date``, ``task`` (the clause's text)."""
    return _dates(frame(_sparql('tasks'), graph))


def terms(graph: GraphLike) -> pd.DataFrame:
    """Careers: one row per term (a person's membership over all reports).

    Columns: ``person_id``, ``person`` (the label: ``刘伟（北京市总工会）`` for namesakes),
    ``name``, ``post_id``, ``post`` (``甘肃省总工会 · 主席``), ``org``, ``role``, ``began`` and
    ``ended`` (the dates the text gives: ``2013``, ``2013-02`` or ``2013-02-05``; "" when it
    gives none), ``ended_by`` (cue words: 原, 免去 ...), ``first_seen`` and ``last_seen``
    (datetimes: the days reports state the term), ``reports``, ``sources``; and ``start`` /
    ``end``, the term's span for plotting (the stated bound, else the first / last day
    seen; NaT when neither is known).
    """
    df = _int_columns(_dates(frame(_sparql('terms'), graph)), "reports")
    return _spans(df)


def _instant(text: Any) -> pd.Timestamp:
    """``2013``, ``2013-02`` or ``2013-02-05`` as a datetime (the first day), NaT if empty."""
    if not isinstance(text, str) or not text:
        return pd.NaT
    return pd.to_datetime(text + "-01-01"[len(text) - 4:] if len(text) < 10 else text, errors="coerce")


def _spans(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    began = df["began"].map(_instant) if len(df) else pd.Series(dtype="datetime64[ns]")
    ended = df["ended"].map(_instant) if len(df) else pd.Series(dtype="datetime64[ns]")
    df["start"] = pd.to_datetime(began).fillna(pd.to_datetime(df["first_seen"]))
    df["end"] = pd.to_datetime(ended).fillna(pd.to_datetime(df["last_seen"]))
    return df


def succession(terms: pd.DataFrame, org: str, role: str) -> pd.DataFrame:
    """The terms of one post (organisation name and role) in date order: its holders, one
    after another (``kg query post-holders`` gives the same, with who followed whom).

    >>> t = _spans(pd.DataFrame({"person_id": ["a", "b"], "person": ["乙", "甲"], "org": ["某会"] * 2,
    ...     "role": ["主席"] * 2, "post": ["某会 · 主席"] * 2, "began": ["2018", ""], "ended": ["", "2018-01"],
    ...     "first_seen": pd.to_datetime(["2019-01-01", "2015-05-05"]), "last_seen": pd.to_datetime(["2020-01-01", None])}))
    >>> succession(t, "某会", "主席")["person"].tolist()
    ['甲', '乙']
    """
    df = terms[(terms["org"] == org) & (terms["role"] == role)]
    return df.sort_values(["start", "person"], na_position="last", ignore_index=True)


def concurrent_posts(terms: pd.DataFrame) -> pd.DataFrame:
    """People holding two posts at once: pairs of a person's terms whose spans overlap.

    Columns: ``person_id``, ``person``, ``post1``, ``post2``, ``from``, ``to`` (the overlap).
    Terms without a known span are left out. (``kg query concurrent-posts`` counts two
    posts stated by one report.)
    """
    columns = ["person_id", "person", "post1", "post2", "from", "to"]
    rows = []
    dated = terms.dropna(subset=["start", "end"])
    for (pid, person), group in dated.groupby(["person_id", "person"], sort=True):
        spans = group.sort_values("post")[["post", "start", "end"]].values.tolist()
        for i, (p1, s1, e1) in enumerate(spans):
            for p2, s2, e2 in spans[i + 1:]:
                lo, hi = max(s1, s2), min(e1, e2)
                if p1 != p2 and lo <= hi:
                    rows.append([pid, person, p1, p2, lo, hi])
    return pd.DataFrame(rows, columns=columns)


def reports(graph: GraphLike) -> pd.DataFrame:
    """The reports (named query ``reports``): ``doc``, ``title``, ``published``, ``region``,
    ``file``, ``duplicate_of``."""
    return _dates(frame("reports", graph))


@dataclass
class Data:
    """All frames of one graph, read at once by :func:`load`."""

    memberships: pd.DataFrame
    participations: pd.DataFrame
    meetings: pd.DataFrame
    tasks: pd.DataFrame
    reports: pd.DataFrame
    stats: dict[str, int]


def load(graph: GraphLike) -> Data:
    """Read every frame of a built graph (opening the store once)."""
    with _opened(graph) as store:
        return Data(
            memberships=memberships(store),
            participations=participations(store),
            meetings=meetings(store),
            tasks=tasks(store),
            reports=reports(store),
            stats=store.stats(),
        )


# ---------------------------------------------------------------------------- timelines


def leadership_timeline(memberships: pd.DataFrame, org: str | None = None) -> pd.DataFrame:
    """Who led an organisation when: one row per organisation, person and role.

    ``memberships`` is a :func:`memberships` frame; ``org`` (canonical name or IRI) keeps
    one organisation (None: all). Columns: ``org``, ``person``, ``role``, ``first_seen`` and
    ``last_seen`` (earliest and latest report date, NaT if undated), ``reports`` (count),
    ``sources`` (doc ids), ``person_id``, ``org_id``; sorted by organisation, first seen,
    person. For an organisation's aliases use ``frame("org-leaders", graph, org=alias)``.

    >>> m = pd.DataFrame({"doc": ["d1", "d2"], "published": ["2017-11-09", "2022-03-09"],
    ...                   "person_id": ["p1", "p1"], "person": ["张三", "张三"],
    ...                   "role": ["主席", "主席"], "org_id": ["o1", "o1"], "org": ["某工会"] * 2})
    >>> t = leadership_timeline(m, org="某工会")
    >>> t[["person", "role", "reports", "sources"]].values.tolist()
    [['张三', '主席', 2, 'd1 d2']]
    >>> t["last_seen"].iloc[0].date().isoformat()
    '2022-03-09'
    """
    columns = ["org", "person", "role", "first_seen", "last_seen", "reports", "sources",
               "person_id", "org_id"]
    df = memberships
    if org is not None:
        df = df[(df["org"] == org) | (df["org_id"] == org)]
    if df.empty:
        return pd.DataFrame(columns=columns)
    df = df.assign(published=pd.to_datetime(df["published"], errors="coerce"))
    grouped = df.groupby(["org_id", "org", "person_id", "person", "role"], sort=False, dropna=False)
    out = grouped.agg(
        first_seen=("published", "min"), last_seen=("published", "max"),
        reports=("doc", "nunique"), sources=("doc", lambda s: " ".join(sorted(set(s))))
    ).reset_index()
    out = out.sort_values(["org", "first_seen", "person", "role"], na_position="last",
                          ignore_index=True)
    return out[columns]


def meeting_dates(meetings: pd.DataFrame) -> dict[str, int]:
    """How many meetings there are, how many were held, and how many held ones are
    undated: ``undated`` (no day of their own: placed at a report's date) and ``no_date``
    (neither: left out of :func:`meeting_timeline`)."""
    held = meetings[meetings["status"] == "held"] if "status" in meetings.columns else meetings
    day = pd.to_datetime(held["date"], errors="coerce")
    reported = pd.to_datetime(held.get("first_reported", pd.Series(pd.NaT, index=held.index)), errors="coerce")
    return {"meetings": len(meetings), "held": len(held), "undated": int(day.isna().sum()),
            "no_date": int((day.isna() & reported.isna()).sum())}


def meeting_timeline(meetings: pd.DataFrame, held_only: bool = True) -> pd.DataFrame:
    """Meetings in time order, for plotting: a :func:`meetings` frame with ``when`` (the
    meeting day, else the date of the first report about it) and ``dated`` (True when
    ``when`` is the meeting's own day); meetings with neither are dropped (count them with
    :func:`meeting_dates`). ``held_only``: only meetings a report says were held (where
    the frame has a ``status`` column), not those planned or only mentioned."""
    df = meetings.copy()
    if held_only and "status" in df.columns:
        df = df[df["status"] == "held"]
    date = pd.to_datetime(df["date"], errors="coerce")
    reported = pd.to_datetime(df.get("first_reported", pd.Series(pd.NaT, index=df.index)),
                              errors="coerce")
    df["when"] = date.fillna(reported)
    df["dated"] = date.notna()
    df = df[df["when"].notna()]
    return df.sort_values(["when", "org", "meeting"], ignore_index=True)


