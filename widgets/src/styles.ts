import { css } from 'lit';

/** The dark theme's defaults, for `theme="dark"` and for `"auto"` on a dark OS. */
const darkPalette = css`
  --_text: var(--sales-text-color, #e8edf2);
  --_muted: var(--sales-muted-color, #a9b5c1);
  --_surface: var(--sales-surface, #1b2229);
  --_border: var(--sales-border-color, #33404c);
  --_track: var(--sales-track-color, #2c3843);
  --_accent: var(--sales-accent, #7fb0ff);
  --_good: var(--sales-good, #5fd38a);
  --_warning: var(--sales-warning, #f0b35a);
  --_bad: var(--sales-bad, #ff8a80);
  --_focus: var(--sales-focus-ring, #7fb0ff);
`;

/**
 * Shared look. Everything is drawn inside `.root`, whose typography is set explicitly, so that the host
 * page's inherited or `!important` styles cannot reach the layout. Theme through the documented custom
 * properties (`--sales-*`) and parts; `theme="dark"`, `"light"` or `"auto"` (follows the OS).
 */
export const baseStyles = css`
  :host {
    display: block;
    --_text: var(--sales-text-color, #1d2733);
    --_muted: var(--sales-muted-color, #5b6876);
    --_surface: var(--sales-surface, #ffffff);
    --_border: var(--sales-border-color, #d6dde4);
    --_track: var(--sales-track-color, #e7ecf1);
    --_accent: var(--sales-accent, #1f5fbf);
    --_good: var(--sales-good, #1b7f3b);
    --_warning: var(--sales-warning, #a35a00);
    --_bad: var(--sales-bad, #b3261e);
    --_focus: var(--sales-focus-ring, #1f5fbf);
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='dark']) {
    ${darkPalette}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${darkPalette}
    }
  }
  .root {
    box-sizing: border-box;
    margin: 0;
    padding: var(--sales-padding, 16px);
    min-width: 0;
    font-family: var(--sales-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--sales-font-size, 14px);
    font-weight: 400;
    font-style: normal;
    line-height: 1.4;
    letter-spacing: normal;
    text-align: left;
    text-transform: none;
    white-space: normal;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--sales-radius, 8px);
    position: relative;
  }
  .root *,
  .root *::before,
  .root *::after {
    box-sizing: border-box;
  }
  h2 {
    margin: 0 0 12px;
    font-size: 1.1em;
    font-weight: 600;
    line-height: 1.3;
  }
  .muted {
    color: var(--_muted);
  }
  button {
    font: inherit;
    color: inherit;
    margin: 0;
  }
  button:focus-visible,
  [tabindex]:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .state {
    padding: 12px 0;
    color: var(--_muted);
  }
  .error {
    color: var(--_bad);
  }
  .retry {
    margin-left: 8px;
    padding: 4px 12px;
    border: 1px solid var(--_border);
    border-radius: 4px;
    background: transparent;
    cursor: pointer;
  }
  .skeleton {
    display: grid;
    gap: 8px;
  }
  .skeleton span {
    display: block;
    height: 12px;
    border-radius: 4px;
    background: var(--_track);
    animation: pulse 1.2s ease-in-out infinite;
  }
  .skeleton span:first-child {
    width: 40%;
  }
  .skeleton span:last-child {
    width: 70%;
  }
  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton span {
      animation: none;
    }
  }
  .updating {
    position: absolute;
    top: 8px;
    right: 12px;
    font-size: 0.8em;
    color: var(--_muted);
  }
  .as-of {
    margin: 8px 0 0;
    font-size: 0.8em;
    color: var(--_muted);
  }
  .stale {
    margin-top: 8px;
    padding: 6px 8px;
    border: 1px solid var(--_warning);
    border-radius: 4px;
    color: var(--_warning);
    font-size: 0.85em;
  }
  .stale:empty {
    display: none;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
