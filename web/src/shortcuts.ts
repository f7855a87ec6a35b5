import type { Playback } from './playback.js';

/** A keyboard shortcut: the keys shown, what it does, and the `KeyboardEvent.key` values that trigger it. */
export interface Shortcut {
  readonly keys: string;
  readonly label: string;
  readonly match: readonly string[];
  readonly shift?: boolean;
  readonly run: () => void;
}

/** Elements whose own keys (typing, arrows) the shortcuts leave alone. */
const OWN_KEYS = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'CANVAS']);
/**
 * A button's own keys: it is pressed with Space or Enter and has no use for arrows, Home or End,
 * which stay the page's after a click leaves the focus on it.
 */
const BUTTON_KEYS = new Set([' ', 'Enter']);
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
    if (target?.tagName === 'BUTTON' && BUTTON_KEYS.has(event.key)) return;
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

/** The timeline's shortcuts, the same on every page with a `Playback`: play, step, ends, speed, loop. */
export function playbackShortcuts(playback: Playback): Shortcut[] {
  return [
    { keys: 'Space', label: 'play or pause', match: [' ', 'k'], run: () => playback.toggle() },
    {
      keys: '←',
      label: 'step back one frame',
      match: ['ArrowLeft'],
      shift: false,
      run: () => playback.stepBy(-1),
    },
    {
      keys: '→',
      label: 'step forward one frame',
      match: ['ArrowRight'],
      shift: false,
      run: () => playback.stepBy(1),
    },
    {
      keys: 'Shift ←',
      label: 'step back ten frames',
      match: ['ArrowLeft'],
      shift: true,
      run: () => playback.stepBy(-10),
    },
    {
      keys: 'Shift →',
      label: 'step forward ten frames',
      match: ['ArrowRight'],
      shift: true,
      run: () => playback.stepBy(10),
    },
    { keys: 'Home', label: 'go to the start', match: ['Home'], run: () => playback.seek(0) },
    { keys: 'End', label: 'go to the end', match: ['End'], run: () => playback.seek(playback.until) },
    { keys: '[', label: 'slower', match: ['['], run: () => playback.setSpeedLevel(playback.speedLevel - 1) },
    { keys: ']', label: 'faster', match: [']'], run: () => playback.setSpeedLevel(playback.speedLevel + 1) },
    { keys: 'l', label: 'loop on or off', match: ['l'], run: () => playback.toggleLoop() },
  ];
}

/** What the map shortcuts act on: the map view (if the page has one) and its inspector's Follow. */
export interface MapKeys {
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
}

/** The map's shortcuts: zoom, fit, and follow the agent inspected. */
export function mapShortcuts(map: () => MapKeys | undefined, toggleFollow: () => void): Shortcut[] {
  return [
    { keys: '+', label: 'zoom in', match: ['+', '='], run: () => map()?.zoomIn() },
    { keys: '−', label: 'zoom out', match: ['-', '_'], run: () => map()?.zoomOut() },
    { keys: '0', label: 'fit the map', match: ['0'], run: () => map()?.fit() },
    { keys: 'f', label: 'follow the agent inspected, or stop', match: ['f'], run: toggleFollow },
  ];
}

/** The `?` shortcut, which opens the list of shortcuts. */
export function helpShortcut(dialog: HTMLDialogElement): Shortcut {
  return { keys: '?', label: 'show these shortcuts', match: ['?'], run: () => dialog.showModal() };
}
