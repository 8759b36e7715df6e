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
        if (t.text.endsWith('\u2026')) { out.truncated.push(t.text); }
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
