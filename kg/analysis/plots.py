"""Plots (matplotlib, with a CJK font) and network pages drawn by :mod:`kg.views`."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import pandas as pd

from .frames import meeting_timeline

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

# ---------------------------------------------------------------------------- plots

#: CJK font families tried in order when none is asked for (Simplified Chinese first).
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK TC", "Noto Sans CJK JP",
    "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "AR PL UMing CN",
)


def cjk_font_files() -> list[Path]:
    """The CJK font files the ``analysis`` extra installs (Noto Sans CJK, OFL-1.1, from the
    ``noto-cjk-sans-otc`` package); empty when that package is missing."""
    try:
        import noto_cjk_sans_otc
    except ImportError:
        return []
    path = Path(str(noto_cjk_sans_otc.FONT_PATH))
    return [path] if path.is_file() else []


def use_cjk_font(family: str | None = None) -> str:
    """Make matplotlib draw Chinese: register the bundled font and put a CJK family first.

    Registers :func:`cjk_font_files` with matplotlib's font manager, picks ``family`` (or
    the first of :data:`CJK_FAMILIES` that is available, bundled or on the system), sets it
    first in ``rcParams["font.sans-serif"]`` with ``font.family = sans-serif``, and returns
    its name. Raises :class:`RuntimeError`, saying what to install, when no CJK font is found.
    """
    from matplotlib import font_manager, rcParams

    registered = {Path(f.fname) for f in font_manager.fontManager.ttflist}
    for path in cjk_font_files():
        if path not in registered:
            font_manager.fontManager.addfont(str(path))
    available = {f.name for f in font_manager.fontManager.ttflist}
    wanted = [family] if family else list(CJK_FAMILIES)
    chosen = next((f for f in wanted if f in available), None)
    if chosen is None:
        raise RuntimeError(
            f"no CJK font found ({', '.join(wanted)}): install the analysis extra "
            "(pip install 'gonghui-kg[analysis]', which bundles Noto Sans CJK) or a system "
            "font (apt-get install fonts-noto-cjk), then restart the kernel"
        )
    rcParams["font.family"] = "sans-serif"
    rcParams["font.sans-serif"] = [chosen, *(f for f in rcParams["font.sans-serif"] if f != chosen)]
    rcParams["axes.unicode_minus"] = False
    return chosen


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=size)[1]


def plot_meeting_timeline(meetings: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Meetings on a time axis, one row per organiser, each labelled with its name.

    ``meetings`` is a :func:`meetings` (or :func:`meeting_timeline`) frame. Filled markers
    are meetings on their own day; hollow ones are placed at the first report's date.
    """
    df = meetings if "when" in meetings.columns else meeting_timeline(meetings)
    orgs = sorted(df["org"].unique())
    ax = _axes(ax, (10, 0.6 * len(orgs) + 1.5))
    y = {o: i for i, o in enumerate(orgs)}
    for dated in (True, False):
        part = df[df["dated"] == dated]
        if len(part):
            ax.scatter(part["when"], [y[o] for o in part["org"]], s=60, zorder=3,
                       facecolors="tab:blue" if dated else "none", edgecolors="tab:blue",
                       label="会议日期" if dated else "报道日期(会议日期不详)")
    for (_, row), k in zip(df.iterrows(), _stack(df)):
        ax.annotate(row["meeting"], (row["when"], y[row["org"]]), xytext=(6, 6 + 11 * k),
                    textcoords="offset points", fontsize=8)
    ax.set_yticks(range(len(orgs)), orgs)
    ax.set_ylim(-0.7, len(orgs) - 0.3)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title("会议时间线")
    if len(df):
        ax.legend(loc="lower right", fontsize=8)
    return ax


def _stack(df: pd.DataFrame) -> list[int]:
    """Label level of each meeting: meetings of one organiser close in time (within 8% of
    the time span) get their labels stacked upwards instead of drawn over each other."""
    span = (df["when"].max() - df["when"].min()) if len(df) else pd.Timedelta(0)
    near = max(span * 0.08, pd.Timedelta(days=1))
    levels, last = [], {}
    for org, when in zip(df["org"], df["when"]):
        prev = last.get(org)
        level = prev[1] + 1 if prev is not None and when - prev[0] < near else 0
        last[org] = (when, level) if level == 0 or prev is None else (prev[0], level)
        levels.append(level)
    return levels


def plot_leadership_timeline(timeline: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Each person–role of a :func:`leadership_timeline` frame as a bar from first to last
    report date (a dot when both are the same day)."""
    df = timeline.dropna(subset=["first_seen"]).reset_index(drop=True)
    ax = _axes(ax, (10, 0.35 * len(df) + 1.5))
    labels = [f"{r.person} · {r.role}" + (f" ({r.org})" if timeline["org"].nunique() > 1 else "")
              for r in df.itertuples()]
    rows = range(len(df))
    ax.hlines(list(rows), df["first_seen"], df["last_seen"], lw=4, color="tab:red")
    ax.scatter(df["first_seen"], list(rows), color="tab:red", s=30, zorder=3)
    ax.scatter(df["last_seen"], list(rows), color="tab:red", s=30, zorder=3)
    ax.set_yticks(range(len(df)), labels)
    ax.invert_yaxis()
    ax.grid(axis="x", alpha=0.3)
    ax.set_title("领导任职时间线(据报道日期)")
    return ax


def plot_terms(terms: pd.DataFrame, ax: Axes | None = None, title: str = "任期时间线") -> Axes:
    """Terms as bars on a time axis, one row per person and post (a :func:`terms` or
    :func:`succession` frame): from the beginning the text gives (else the first report
    stating it) to the end it gives (else the last report). Solid bars begin at a stated
    beginning; pale ones only where reports first see the term. A term seen on one day
    only is drawn as a short bar (a month) so that it stays visible."""
    df = terms.dropna(subset=["start"]).reset_index(drop=True)
    ax = _axes(ax, (10, 0.35 * len(df) + 1.5))
    end = df["end"].fillna(df["start"])
    width = (end - df["start"]).where(end > df["start"], pd.Timedelta(days=30))
    stated = df["began"].astype(bool) if len(df) else pd.Series(dtype=bool)
    ax.barh(range(len(df)), width, left=df["start"], height=0.6,
            color=["tab:red" if s else "#f2a6a0" for s in stated], edgecolor="tab:red")
    ax.set_yticks(range(len(df)), [f"{r.person} · {r.post}" for r in df.itertuples()])
    ax.invert_yaxis()
    ax.xaxis_date()
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(title)
    return ax


def plot_keywords(keywords: pd.DataFrame, ax: Axes | None = None, title: str = "任务主题词") -> Axes:
    """A horizontal bar chart of a :func:`task_keywords` frame (best at the top)."""
    ax = _axes(ax, (8, 0.3 * len(keywords) + 1.5))
    ax.barh(keywords["keyword"], keywords["weight"], color="tab:green")
    ax.invert_yaxis()
    ax.set_xlabel("TF-IDF")
    ax.set_title(title)
    return ax


# ---------------------------------------------------------------------------- pyvis

def view_graph(G: nx.Graph) -> nx.MultiGraph:
    """An analysis graph (:func:`bipartite`, :func:`attendance` or a projection) as a
    :mod:`kg.views` graph: the same nodes (kind, label, level), person–organisation edges
    as roles, person–meeting edges as participations, projected edges as dashed links
    labelled with what the two ends share; quotes kept as evidence."""
    from ..views import style
    from ..views.network import Source

    V = nx.MultiGraph()
    for n, d in G.nodes(data=True):
        kind = d.get("kind") if d.get("kind") in style.KINDS else "org"
        V.add_node(n, kind=kind, label=str(d.get("label", n)), level=d.get("level") or "")
    for u, v, d in G.edges(data=True):
        docs = ", ".join(d.get("docs") or [])
        sources = [Source(d.get("first_seen") or "", docs, 0, "", q) for q in d.get("evidence") or []]
        if d.get("roles"):
            for role in d["roles"]:
                V.add_edge(u, v, f"membership:{role}", kind="membership", role=str(role), how=[], sources=sources)
        elif d.get("kinds"):
            for k in d["kinds"]:
                label = style.PARTICIPATION_LABELS.get(k, str(k))
                V.add_edge(u, v, f"participation:{k}", kind="participation", role=label, how=[], sources=sources)
        else:
            shared = "、".join(map(str, d.get("shared") or []))
            V.add_edge(u, v, "shared", kind="co-attendance", role=f"共同 ×{d.get('weight', 1)} {shared}".strip(),
                       how=[], sources=sources)
    return V


def pyvis_html(G: nx.Graph, height: str = "600px", title: str = "Network") -> str:
    """A self-contained HTML page of ``G``, drawn by :mod:`kg.views` (one look for every
    view: its palette, side panel with evidence, search; vis-network from the pyvis package,
    inlined, so no CDN is needed). ``height`` is kept for older callers: the page fills
    its window. The name stays from when this drew through ``pyvis.network.Network``."""
    from ..views.page import html_page

    return html_page(view_graph(G), title=title)
