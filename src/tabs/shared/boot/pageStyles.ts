/**
 * The page's stylesheet without holding up the boot script (issue 14). A stylesheet link in the
 * HTML would delay every module script until it has loaded (browsers hold scripts back for
 * pending stylesheets), and with it the page's first engine reads. So the build lists the booted
 * page's stylesheets as `<link rel="preload" as="style">` (vite.config.ts, preloadBootedPage):
 * they download alongside the boot script, and this applies them once the reads are under way.
 * The returned promise settles when they are applied (loaded or failed), so nothing is drawn
 * unstyled.
 */
export function applyPageStyles(): Promise<void> {
  const preloads = [
    ...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="style"]'),
  ];
  return Promise.all(
    preloads.map(
      (preload) =>
        new Promise<void>((resolve) => {
          const sheet = document.createElement('link');
          sheet.rel = 'stylesheet';
          if (preload.crossOrigin !== null) sheet.crossOrigin = preload.crossOrigin;
          sheet.href = preload.href;
          sheet.addEventListener('load', () => {
            resolve();
          });
          sheet.addEventListener('error', () => {
            resolve();
          });
          preload.after(sheet);
        }),
    ),
  ).then(() => undefined);
}
