"""What a screenshot would show, measured instead of looked at: whether a page scrolls
sideways, and where text overlaps other text or is cut off (issue 13's quality bar).

`layout_problems(page)` returns a list of readable findings, empty when the page is clean:

- the page is wider than the window (it scrolls sideways);
- in an SVG (a chart, the map), two labels' boxes intersect, or a label reaches outside the
  drawing, where the SVG cuts it off;
- in the HTML, two boxes side by side under one parent (headings, paragraphs, labels, table
  cells, list items, form fields...) overlap, or a heading, label, cell or the like holds
  text wider than itself (spilling over its neighbour, or cut off).

Only laid-out boxes count: inline text flows around its neighbours by itself, absolutely
positioned and visually hidden elements (the skip link, screen-reader text) are meant to sit
where they do, and a region that scrolls (the compare and matrix tables) may hold more than
it shows. Both checks allow a pixel of rounding.
"""

# Boxes that hold text a visitor reads: each must be at least as wide as its text.
TEXT_BOXES = (
    "h1, h2, h3, h4, h5, h6, p, label, legend, summary, figcaption, th, td, li, dt, dd, "
    "button, .button"
)

FIND_PROBLEMS = """
(textBoxes) => {
  const SLACK = 1;
  const problems = [];
  const name = (el) => {
    const text = (el.textContent || el.getAttribute("aria-label") || "").trim();
    const classes = typeof el.className === "string" && el.className
      ? "." + el.className.trim().split(/\\s+/).join(".") : "";
    return `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes}>`
      + (text ? ` "${text.replace(/\\s+/g, " ").slice(0, 40)}"` : "");
  };
  const overlap = (a, b) =>
    Math.min(a.right, b.right) - Math.max(a.left, b.left) > SLACK &&
    Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > SLACK;
  const inside = (inner, outer) =>
    inner.left >= outer.left - SLACK && inner.right <= outer.right + SLACK &&
    inner.top >= outer.top - SLACK && inner.bottom <= outer.bottom + SLACK;

  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`the page scrolls sideways: ${root.scrollWidth}px wide in a `
      + `${root.clientWidth}px window`);
  }

  for (const svg of document.querySelectorAll("body svg")) {
    const frame = svg.getBoundingClientRect();
    if (frame.width < 1 || frame.height < 1) continue;  // a hidden chart, an icon sprite
    const labels = [...svg.querySelectorAll("text")]
      .filter((text) => text.textContent.trim())
      .map((text) => [text, text.getBoundingClientRect()]);
    labels.forEach(([text, box], i) => {
      if (!inside(box, frame)) problems.push(`${name(text)} is cut off by its SVG`);
      for (const [other, otherBox] of labels.slice(i + 1)) {
        if (overlap(box, otherBox)) problems.push(`${name(text)} overlaps ${name(other)}`);
      }
    });
  }

  // A laid-out box: shown, with an area, in the flow (not inline, absolute or clipped away).
  const laidOut = (el) => {
    if (el.closest("svg")) return false;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.display === "contents" || style.display === "inline"
        || style.visibility !== "visible" || style.position === "absolute"
        || style.position === "fixed" || style.clip === "rect(0px, 0px, 0px, 0px)") {
      return false;
    }
    const box = el.getBoundingClientRect();
    return box.width >= 1 && box.height >= 1;
  };
  const clipped = (el) => {
    const style = getComputedStyle(el);
    return style.overflowX === "hidden" || style.overflowX === "clip";
  };

  for (const parent of document.body.querySelectorAll("*")) {
    const boxes = [...parent.children].filter(laidOut)
      .map((child) => [child, child.getBoundingClientRect()]);
    boxes.forEach(([child, box], i) => {
      for (const [other, otherBox] of boxes.slice(i + 1)) {
        if (overlap(box, otherBox)) problems.push(`${name(child)} overlaps ${name(other)}`);
      }
    });
  }
  for (const el of document.body.querySelectorAll(textBoxes)) {
    if (!laidOut(el)) continue;
    const style = getComputedStyle(el);
    if (style.overflowX === "auto" || style.overflowX === "scroll") continue;
    if (el.scrollWidth > el.clientWidth + SLACK) {
      const what = clipped(el) ? "is cut off" : "spills out of its box";
      problems.push(`the text of ${name(el)} ${what} `
        + `(${el.scrollWidth}px in ${el.clientWidth}px)`);
    }
  }
  return problems;
}
"""


def layout_problems(page):
    """What overlaps, is cut off or scrolls sideways on the page as shown (see above)."""
    return page.evaluate(FIND_PROBLEMS, TEXT_BOXES)
