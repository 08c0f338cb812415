import { useState } from 'react';
import { applyTheme, effectiveTheme, readTheme, type ThemeChoice } from './theme.js';

export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(readTheme);
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
