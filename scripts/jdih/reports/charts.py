"""Charts of the evaluation report as PNG bytes (matplotlib, Agg backend, deterministic output).

Readable when printed in black and white: every series has its own hatching (and edge), the
norm is a dashed line with a label in the legend, and counts sit on an integer axis.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .laporan import Laporan

CAP = 400.0
_COLORS = ("#8B0000", "#C9A227", "#1F4E79", "#2E7D32", "#6A1B9A", "#EF6C00", "#00838F", "#5D4037", "#455A64")
# One hatching per series, so bars differ without colour too ("" = solid fill).
_HATCHES = ("", "///", "...", "xxx", "\\\\\\", "++", "oo", "--", "**")


def _figure_png(fig: object) -> bytes:
    buf = io.BytesIO()
    # No "Software"/date metadata: the same report gives the same bytes.
    fig.savefig(buf, format="png", dpi=110, metadata={"Software": None}, bbox_inches="tight")  # type: ignore[attr-defined]
    return buf.getvalue()


def warm_up() -> None:
    """Import matplotlib and load its font list ahead of time (~1 s): the report calls this while
    it would otherwise sit idle waiting for ``git log`` on a first run."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.backends import backend_agg  # noqa: F401 - imported for its side effect (load)
    from matplotlib.figure import Figure  # noqa: F401

    font_manager.findfont("DejaVu Sans")


def steps_chart(report: Laporan) -> bytes:
    """Median and 90th percentile of each step as a share of its norm (100% = on the norm), as PNG."""
    return _figure_png(steps_figure(report))


def monthly_chart(report: Laporan) -> bytes:
    """Posts published per month per platform, as PNG."""
    return _figure_png(monthly_figure(report))


def steps_figure(report: Laporan) -> Figure:
    """The steps chart as a matplotlib figure."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 4))
    ax = fig.subplots()
    labels = [f"Langkah {s.number}\n(norma {s.norm_text})" for s in report.steps]
    med = [(s.median or 0) / s.norm * 100 for s in report.steps]
    p90 = [(s.p90 or 0) / s.norm * 100 for s in report.steps]
    xs = list(range(len(labels)))
    # Linear scale capped at CAP%: a 2,000% outlier would otherwise flatten every other bar; each
    # bar carries its true value as a label.
    shown_med = [min(v, CAP) for v in med]
    shown_p90 = [min(v, CAP) for v in p90]
    ax.bar([x - 0.2 for x in xs], shown_med, width=0.4, label="Median", color=_COLORS[0], edgecolor="black",
           linewidth=0.6, hatch=_HATCHES[0])
    ax.bar([x + 0.2 for x in xs], shown_p90, width=0.4, label="Persentil ke-90", color="white", edgecolor="black",
           linewidth=0.6, hatch=_HATCHES[1])
    measured = [s.n > 0 for s in report.steps]
    for x, real, shown, ok in [*zip([x - 0.2 for x in xs], med, shown_med, measured, strict=True),
                               *zip([x + 0.2 for x in xs], p90, shown_p90, measured, strict=True)]:
        if ok:
            ax.text(x, shown + 3, f"{real:.0f}%", ha="center", va="bottom", fontsize=6)
    for x, ok in zip(xs, measured, strict=True):
        if not ok:
            ax.text(x, 5, "tidak\nterukur", ha="center", va="bottom", fontsize=6, color="#555555")
    ax.axhline(100, color="black", linestyle="--", linewidth=1.2, label="Norma SOP (100%)")
    ax.set_xticks(xs, labels, fontsize=7)
    ax.set_ylim(0, max(120.0, *shown_med, *shown_p90) * 1.12)
    ax.set_ylabel(f"% dari norma waktu (jam kerja; dipotong pada {CAP:.0f}%)", fontsize=8)
    ax.set_title("Waktu kerja per langkah SOP dibanding norma")
    ax.legend(fontsize=7)
    return fig


def monthly_figure(report: Laporan) -> Figure:
    """Posts published per month per platform (grouped bars, hatched per platform; integer axis)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 4))
    ax = fig.subplots()
    months = list(report.per_month)
    platforms = list(report.per_platform) or ["-"]
    width = 0.8 / max(1, len(platforms))
    for i, pl in enumerate(platforms):
        ys = [report.per_month[m].get(pl, 0) for m in months]
        xs = [j - 0.4 + width * (i + 0.5) for j in range(len(months))]
        ax.bar(xs, ys, width=width, label=report.platform_names.get(pl, pl), color=_COLORS[i % len(_COLORS)],
               edgecolor="black", linewidth=0.6, hatch=_HATCHES[i % len(_HATCHES)])
        for x, y in zip(xs, ys, strict=True):
            if y:
                ax.text(x, y, str(y), ha="center", va="bottom", fontsize=6)
    ax.set_xticks(range(len(months)), [report.month_label(m) for m in months], fontsize=7,
                  rotation=30 if len(months) > 6 else 0)
    ax.set_ylabel("Jumlah konten terbit")
    ax.set_title("Konten terbit per bulan per platform")
    from matplotlib.ticker import MaxNLocator

    # Counts are whole numbers: integer ticks, and headroom so one post a month is not the top of the axis.
    top = max((v for row in report.per_month.values() for v in row.values()), default=0)
    ax.set_ylim(0, max(4, top + 1))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if report.per_platform:
        ax.legend(fontsize=7)
    return fig
