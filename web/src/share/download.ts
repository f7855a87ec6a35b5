/** Offers `blob` to the user as a download named `name` (the browser's own save flow). */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the URL's data once the click's navigation has begun.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
