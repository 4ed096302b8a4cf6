// Colours of the graph for a light or a dark page. The page's CSS variables (site.css) win
// when present, so the graph matches the chrome around it.

export interface Theme {
  readonly background: string;
  readonly surface: string;
  readonly namespaceFill: string;
  readonly border: string;
  readonly text: string;
  readonly muted: string;
  readonly faint: string;
  readonly accent: string;
  readonly neutral: string;
  readonly propagated: string;
  readonly flash: string;
  readonly dark: boolean;
}

const light: Theme = {
  background: '#f6f7fb',
  surface: '#ffffff',
  namespaceFill: '#eef1f7',
  border: '#cfd5e2',
  text: '#1c2230',
  muted: '#5f6b82',
  faint: '#9aa3b5',
  accent: '#2f5fd0',
  neutral: '#8792a8',
  propagated: '#d97706',
  flash: '#facc15',
  dark: false,
};

const dark: Theme = {
  background: '#0f131b',
  surface: '#161b25',
  namespaceFill: '#1a202c',
  border: '#2f384a',
  text: '#e3e8f2',
  muted: '#9ba6bb',
  faint: '#5d687e',
  accent: '#7aa2ff',
  neutral: '#7b879e',
  propagated: '#fbbf24',
  flash: '#fde047',
  dark: true,
};

/** The theme for `mode`, with the page's CSS variables (--bg, --surface, --text...) applied. */
export function resolveTheme(element: HTMLElement, mode: 'light' | 'dark' | 'auto'): Theme {
  // In auto mode the page decides: its theme toggle (<html data-theme>), else the system's scheme.
  const pageTheme = typeof document !== 'undefined' ? document.documentElement.dataset['theme'] : undefined;
  const isDark = mode === 'dark'
    || (mode === 'auto' && (pageTheme === 'dark'
      || (pageTheme !== 'light' && typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches)));
  const base = isDark ? dark : light;
  if (mode !== 'auto') {
    return base;
  }

  // The page's variables follow the same choice, so they agree with `isDark`.
  const css = getComputedStyle(element);
  const pick = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  return {
    ...base,
    background: pick('--bg', base.background),
    surface: pick('--surface', base.surface),
    namespaceFill: pick('--surface-alt', base.namespaceFill),
    border: pick('--border', base.border),
    text: pick('--text', base.text),
    muted: pick('--muted', base.muted),
    faint: pick('--faint', base.faint),
    accent: pick('--accent', base.accent),
  };
}
