"""What a reader sees of each chart's text, measured in the browser (shared by the site tests).

For every chart of a page, the drawing that is shown (the static drawing CSS chose for the
column's width, or the interactive view) and its visible text: the smallest text as rendered
(font size times the drawing's scale on screen, in CSS pixels), labels that touch or overlap
another, labels that stick out of the drawing, and labels cut short with an ellipsis.
"""

CHART_TEXT_GEOMETRY = """() => [...document.querySelectorAll('figure.isil-chart')].map(f => {
    const view = f.querySelector('.isil-chart-view');
    const shown = el => el.getClientRects().length > 0 && el.checkVisibility({
        opacityProperty: true, visibilityProperty: true});
    const svg = [...view.querySelectorAll('svg')].find(shown);
    const out = {id: f.id, smallest: null, touching: [], outside: [], truncated: []};
    const spec = f.querySelector('script.isil-spec')?.textContent ?? '';
    if (!svg) { return out; }
    const box = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() && shown(t))
        .map(t => { const m = t.getScreenCTM();
            return {text: t.textContent.trim(), rect: t.getBoundingClientRect(),
                    size: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)}; });
    for (const t of texts) {
        if (!out.smallest || t.size < out.smallest[0]) { out.smallest = [t.size, t.text]; }
        const r = t.rect;
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
            || r.bottom > box.bottom + 1) { out.outside.push(t.text); }
        // An ellipsis the chart's own words do not hold was added by cutting the label short.
        if (t.text.endsWith('\u2026') && !spec.includes(t.text)) { out.truncated.push(t.text); }
    }
    // Touching: closer than a pixel side by side while sharing more than a third of the
    // smaller label's height (glyph boxes of stacked rows may brush without touching ink).
    texts.forEach((a, i) => texts.slice(i + 1).forEach(b => {
        const x = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
        const y = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
        const h = Math.min(a.rect.height, b.rect.height);
        if (x > -1 && y > h / 3) { out.touching.push(a.text + ' | ' + b.text); }
    }));
    return out;
})"""

#: Every drawn mark of the page's charts that stands for a figure (its datum carries the
#: figure's ``id``), as the reader sees it: where its value lies on screen, its box, the plot's
#: box, whether the point at its value is its own ink (filled) or shows through (hollow), its
#: colour, and whether it carries the tooltip. Also every other mark coloured like a figure.
FIGURE_MARKS = """([vouching]) => {
    const colours = new Set(vouching.map(c => c.toLowerCase()));
    const rect = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
    const out = {marks: [], borrowed: []};
    for (const f of document.querySelectorAll('figure.isil-chart')) {
        for (const el of f.querySelectorAll('.isil-chart-view svg g.role-mark > *')) {
            const item = el.__data__, datum = item && item.datum;
            const colour = (el.getAttribute('fill') || '').toLowerCase();
            const stroke = (el.getAttribute('stroke') || '').toLowerCase();
            const figure = datum && typeof datum.id === 'string';
            if (!figure) {
                if (colours.has(colour) || colours.has(stroke)) {
                    out.borrowed.push([f.id, el.parentNode.getAttribute('class'), colour, stroke]);
                }
                continue;
            }
            el.scrollIntoView({block: 'center', inline: 'center'});
            const m = el.getScreenCTM(), box = el.getBoundingClientRect();
            const scope = el.closest('g.role-scope') || el.closest('svg');
            const background = scope.querySelector(':scope > path.background')
                || scope.querySelector('path.background');
            const plot = (background || scope).getBoundingClientRect();
            const inked = document.elementsFromPoint(m.e, m.f).includes(el);
            out.marks.push({chart: f.id, id: datum.id, tag: el.tagName.toLowerCase(),
                tooltip: item.tooltip != null, at: [m.e, m.f], box: rect(box),
                plot: rect(plot), filled: inked, fill: colour, stroke: stroke,
                vouched: datum.vouched_by ?? null});
        }
    }
    window.scrollTo(0, 0);
    return out;
}"""

#: The book's rule, as the issue states it: what vouches for a figure keeps these colours
#: (Okabe & Ito's blue, bluish green and vermillion) on every chart, and nothing else has them.
VOUCHING = {"report text": "#0072b2", "coverage of the report": "#009e73", "briefer": "#d55e00"}
LOWER = ("more than", "at least")
UPPER = ("fewer than", "up to")


def _vague(figure) -> bool:
    """The curator's note records a vague word's reading ("Vague word: 'hundreds' read as …"):
    read here from the note, independently of how the book finds vague words (in the quote)."""
    return isinstance(figure["note"], str) and figure["note"].startswith("Vague word")


def _open_side(mark: dict, towards: str) -> str | None:
    """The side the glyph reaches out to from its value ("right", "up", "left", "down"), if it
    reaches mostly toward ``towards`` (higher values: right or up; lower: left or down)."""
    (x, y), box = mark["at"], mark["box"]
    right, left, up, down = box["right"] - x, x - box["left"], y - box["top"], box["bottom"] - y
    if towards == "high":
        return "right" if right > 2 * left + 1 else "up" if up > 2 * down + 1 else None
    return "left" if left > 2 * right + 1 else "down" if down > 2 * up + 1 else None


def _inside_on_open_side(mark: dict, side: str) -> bool:
    """The arrow ends inside the plot, a pixel or more from the axis' end on its open side."""
    box, plot = mark["box"], mark["plot"]
    return {"right": box["right"] <= plot["right"] - 1, "up": box["top"] >= plot["top"] + 1,
            "left": box["left"] >= plot["left"] + 1,
            "down": box["bottom"] <= plot["bottom"] - 1}[side]


def figure_mark_problems(result: dict, figures) -> list[str]:
    """What is wrong with the marks of a page's charts, checked against figures.csv.

    ``figures`` is data/figures.csv read by the test (indexed by ``id``). Each figure a chart
    draws must carry its tooltip on exactly one mark; that mark is shaped and filled by the
    figure's qualifier (a dot filled, a ring hollow at its value, a bar for a range, an arrow
    from a bound's value toward its open side, ending inside the plot; hollow at its value
    when the bound is a vague word's reading), coloured by what vouches for it; a range read
    from a vague word has a hollow mark at that end. No other mark takes a figure's colours.
    """
    problems = [f"{chart}: a {cls} mark is coloured like a figure ({fill or stroke})"
                for chart, cls, fill, stroke in result["borrowed"]]
    charts: dict[tuple[str, str], list[dict]] = {}
    for mark in result["marks"]:
        if mark["id"] in figures.index:
            charts.setdefault((mark["chart"], mark["id"]), []).append(mark)
    for (chart, key), marks in charts.items():
        figure, where = figures.loc[key], f"{chart} {key}"
        own = [m for m in marks if m["tooltip"]]
        if len(own) != 1:
            problems.append(f"{where}: drawn with {len(own)} marks carrying it, not one")
            continue
        mark, qualifier = own[0], figure["qualifier"]
        colour = mark["stroke"] if mark["tag"] == "line" else mark["fill"]
        if colour != VOUCHING[figure["vouched_by"]]:
            problems.append(f"{where}: {colour} for {figure['vouched_by']}")
        box = mark["box"]
        width, height = box["right"] - box["left"], box["bottom"] - box["top"]
        if qualifier == "between":
            bar = (mark["tag"] == "line" and max(width, height) > 2) or \
                  (mark["tag"] == "path" and max(width, height) > 2.5 * min(width, height))
            if not bar:
                problems.append(f"{where}: a range not drawn as a bar")
            if _vague(figure) and mark["tag"] == "line":
                ends = [m for m in marks if not m["tooltip"] and m["tag"] == "path"
                        and not m["filled"]]
                if not ends:
                    problems.append(f"{where}: no hollow mark at the vague word's end")
            continue
        centred = abs((box["left"] + box["right"]) / 2 - mark["at"][0]) < 1.5 \
            and abs((box["top"] + box["bottom"]) / 2 - mark["at"][1]) < 1.5
        if qualifier in ("exact", "around"):
            hollow = qualifier == "around"
            if not centred or mark["filled"] == hollow:
                problems.append(f"{where}: {qualifier} is not a {'ring' if hollow else 'dot'}")
            continue
        side = _open_side(mark, "high" if qualifier in LOWER else "low")
        if side is None:
            problems.append(f"{where}: {qualifier} does not point to its open side")
        elif not _inside_on_open_side(mark, side):
            problems.append(f"{where}: {qualifier}'s arrow reaches the end of the axis")
        if mark["filled"] == _vague(figure):
            problems.append(f"{where}: {qualifier} {'filled' if _vague(figure) else 'hollow'}"
                            " at its value")
    return problems


#: The smallest chart text a reader must find on screen, in CSS pixels, at any width.
SMALLEST_TEXT = 11.0


def text_problems(geometry: list[dict], path: str) -> list[str]:
    """Chart text smaller than :data:`SMALLEST_TEXT` as rendered, labels touching another,
    sticking out of the drawing or cut short (from :data:`CHART_TEXT_GEOMETRY`)."""
    problems = []
    for chart in geometry:
        where = f"{path} {chart['id']}"
        if chart["smallest"] and chart["smallest"][0] < SMALLEST_TEXT:
            problems.append(f"{where}: {chart['smallest'][1]!r} at {chart['smallest'][0]:.1f}px")
        problems += [f"{where}: {k} {v!r}" for k in ("touching", "outside", "truncated")
                     for v in chart[k]]
    return problems
