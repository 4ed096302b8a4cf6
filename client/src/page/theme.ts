// Light, dark or the system's choice. The choice is <html data-theme="light|dark"> (absent:
// follow prefers-color-scheme); site.css keys its colours on it and the graph module watches it.
// A ?theme= query (presentation mode) wins for that page and is not remembered; the toggle's
// choice is kept in localStorage. App.razor applies it before the first paint too.

export type ThemeChoice = 'auto' | 'light' | 'dark';

const STORAGE_KEY = 'mountviz-theme';
const ORDER: readonly ThemeChoice[] = ['auto', 'light', 'dark'];
const NAMES: Record<ThemeChoice, string> = { auto: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };

function parse(value: string | null | undefined): ThemeChoice | null {
  return value === 'auto' || value === 'light' || value === 'dark' ? value : null;
}

function stored(): ThemeChoice {
  try {
    return parse(localStorage.getItem(STORAGE_KEY)) ?? 'auto';
  } catch {
    // Storage refused (privacy settings): the system's choice.
    return 'auto';
  }
}

/** The choice in force: the page's ?theme=, else the stored one. */
export function currentTheme(): ThemeChoice {
  return parse(new URLSearchParams(location.search).get('theme')) ?? stored();
}

function apply(choice: ThemeChoice): void {
  if (choice === 'auto') {
    delete document.documentElement.dataset['theme'];
  } else {
    document.documentElement.dataset['theme'] = choice;
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    button.textContent = NAMES[choice];
    button.dataset['choice'] = choice;
    button.setAttribute('aria-label', `${NAMES[choice]}. Switch theme`);
  }
}

/** Applies the choice in force to <html>. */
export function applyStoredTheme(): void {
  apply(currentTheme());
}

/** Wires every [data-theme-toggle] button (once each): a click steps system → light → dark. */
export function initThemeToggle(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    if (button.dataset['wired'] === 'true') {
      continue;
    }
    button.dataset['wired'] = 'true';
    button.hidden = false;
    button.addEventListener('click', () => {
      const next = ORDER[(ORDER.indexOf(currentTheme()) + 1) % ORDER.length]!;
      try {
        localStorage.setItem(STORAGE_KEY, next);
      } catch {
        // Not remembered, still applied.
      }
      apply(next);
    });
  }
  apply(currentTheme());
}
