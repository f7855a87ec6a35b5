/** A keyboard shortcut: the keys shown, what it does, and the `KeyboardEvent.key` values that trigger it. */
export interface Shortcut {
  readonly keys: string;
  readonly label: string;
  readonly match: readonly string[];
  readonly shift?: boolean;
  readonly run: () => void;
}

/** Elements whose own keys (typing, arrows) the shortcuts leave alone. */
const OWN_KEYS = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'CANVAS']);
/** Keys a focused control keeps for itself. */
const CONTROL_KEYS = new Set([
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  ' ',
  'Enter',
  'PageUp',
  'PageDown',
]);

/**
 * Installs the shortcuts on the document and lists them in the `?` overlay (a modal dialog, which
 * Escape closes and which returns focus where it was). A focused control keeps its own keys: the
 * arrows move the scrubber when it has focus, Space presses a focused button.
 */
export function installShortcuts(
  shortcuts: readonly Shortcut[],
  dialog: HTMLDialogElement,
  list: HTMLElement,
): void {
  for (const shortcut of shortcuts) {
    const term = document.createElement('dt');
    term.innerHTML = shortcut.keys
      .split(' ')
      .map((key) => `<kbd>${key}</kbd>`)
      .join(' ');
    const description = document.createElement('dd');
    description.textContent = shortcut.label;
    list.append(term, description);
  }
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || dialog.open) return;
    const target = event.target as HTMLElement | null;
    if (target !== null && OWN_KEYS.has(target.tagName) && CONTROL_KEYS.has(event.key)) return;
    const shortcut = shortcuts.find(
      (s) => s.match.includes(event.key) && (s.shift ?? false) === event.shiftKey,
    );
    const loose = shortcut ?? shortcuts.find((s) => s.match.includes(event.key) && s.shift === undefined);
    if (loose === undefined) return;
    event.preventDefault();
    loose.run();
  });
}
