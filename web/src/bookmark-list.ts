import type { Bookmark } from './bookmarks.js';

/**
 * Shows the moments in the list (`#bookmarks`), each a button that seeks to it, in place of those
 * shown before (a live run's moments grow, and change after a seek back); the section is hidden
 * while there are none.
 */
export function showBookmarkList(
  bookmarks: readonly Bookmark[],
  seek: (t: number) => void,
  describe: (t: number) => string,
): void {
  const list = document.querySelector<HTMLOListElement>('#bookmarks')!;
  list.parentElement!.hidden = bookmarks.length === 0;
  list.replaceChildren(
    ...bookmarks.map((mark) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = `bookmark mark-${mark.kind}`;
      button.dataset.t = String(mark.t);
      button.textContent = mark.label;
      const when = document.createElement('span');
      when.className = 'when';
      when.textContent = describe(mark.t);
      button.append(' ', when);
      button.addEventListener('click', () => seek(mark.t));
      item.append(button);
      return item;
    }),
  );
}
