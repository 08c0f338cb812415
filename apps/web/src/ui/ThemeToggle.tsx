import { useEffect, useReducer, useState } from 'react';
import { applyTheme, effectiveTheme, readTheme, type ThemeChoice } from './theme.js';

export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(readTheme);
  // Following the system: the label changes when the system's preference does.
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', rerender);
    return () => media.removeEventListener('change', rerender);
  }, []);
  const current = effectiveTheme(choice);
  const next = current === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="button ghost"
      aria-label={`Switch to ${next} theme`}
      onClick={() => {
        applyTheme(next);
        setChoice(next);
      }}
    >
      <span aria-hidden="true">{current === 'dark' ? '☀' : '☾'}</span>
      <span className="hide-narrow"> {next === 'dark' ? 'Dark' : 'Light'}</span>
    </button>
  );
}
