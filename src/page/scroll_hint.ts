/**
 * A table wider than its box scrolls sideways; this says so. Each `.table-scroll` box gets a line
 * under it, "scroll sideways for more columns →", shown while columns lie out of view to the right
 * (the box also casts a shadow on the side that has more, in CSS).
 */
export function showScrollHints(root: ParentNode = document): void {
  for (const box of root.querySelectorAll<HTMLElement>('.table-scroll')) {
    const hint = document.createElement('p');
    hint.className = 'scroll-hint note';
    hint.textContent = 'scroll sideways for more columns →';
    hint.hidden = true;
    box.after(hint);
    const update = () => {
      hint.hidden = box.scrollLeft + box.clientWidth >= box.scrollWidth - 1;
    };
    box.addEventListener('scroll', update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(box);
    // the table inside grows as rows come: watch it too
    for (const child of box.children) observer.observe(child);
    new MutationObserver(update).observe(box, { childList: true, subtree: true });
  }
}
