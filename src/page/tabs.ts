/**
 * Tabs as the WAI-ARIA pattern has them: a tablist of tabs, each with aria-selected and
 * aria-controls naming its panel; only the selected tab is in the tab order, and the arrow keys,
 * Home and End move between tabs.
 */
export function setUpTabs(
  tablist: HTMLElement,
  onSelect: (name: string) => void,
): { select(name: string): void } {
  const tabs = [...tablist.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const select = (name: string) => {
    for (const tab of tabs) {
      const selected = tab.dataset['tab'] === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
      if (panel !== null) panel.hidden = !selected;
    }
  };
  for (const [index, tab] of tabs.entries()) {
    tab.addEventListener('click', () => onSelect(tab.dataset['tab'] ?? ''));
    tab.addEventListener('keydown', (event) => {
      const moves: Record<string, number> = {
        ArrowRight: index + 1,
        ArrowLeft: index - 1,
        Home: 0,
        End: tabs.length - 1,
      };
      const to = moves[event.key];
      if (to === undefined) return;
      event.preventDefault();
      const next = tabs[(to + tabs.length) % tabs.length];
      next?.focus();
      onSelect(next?.dataset['tab'] ?? '');
    });
  }
  return { select };
}
