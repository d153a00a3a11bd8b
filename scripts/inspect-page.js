/* global window, document, getComputedStyle, NodeFilter */
/**
 * Runs inside the page (loaded with addScriptTag, so no bundler rewrites it): what a reader would
 * notice, measured. See scripts/pack-screens.ts.
 */
window.inspectPackPage = ({ scale, minFont, minText }) => {
  const width = document.documentElement.clientWidth;
  const describe = (element) =>
    `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ').join('.')}` : ''} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
  const visible = (element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden';

  const overflowing = [...document.body.querySelectorAll('*')]
    .filter((element) => visible(element) && element.getBoundingClientRect().right > width + 0.5)
    .map(describe);

  // A "word" runs between the places a line may break: spaces, hyphens, dashes and slashes.
  // One that spans two lines was broken inside itself.
  const brokenWords = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement === null || !visible(node.parentElement)) continue;
    for (const match of (node.textContent ?? '').matchAll(/[^\s\-–—/]{2,}/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
      if (lines.size > 1) brokenWords.push(`"${match[0]}" in ${describe(node.parentElement)}`);
    }
  }

  const images = [...document.images];
  const brokenImages = images.filter((image) => !image.complete || image.naturalWidth === 0).map((image) => image.currentSrc || image.src);
  // A chart's smallest text, as displayed: its size in the drawing times the scale it is shown at.
  const smallChartText = images
    .filter((image) => visible(image) && /charts\/(?!spark-)[^/]+\.png$/.test(image.currentSrc))
    .flatMap((image) => {
      const layout = image.currentSrc.includes('-narrow') ? 'narrow' : 'wide';
      const shown = (minFont[layout] * image.getBoundingClientRect().width) / (image.naturalWidth / scale);
      return shown < minText - 0.05 ? [`${image.currentSrc.split('/').pop()}: ${shown.toFixed(1)} px`] : [];
    });
  const chartsShown = images.filter((image) => visible(image) && /charts\/(?!spark-)/.test(image.currentSrc)).map((image) => image.currentSrc.split('/').pop());

  return { height: document.documentElement.scrollHeight, overflowing, brokenWords, brokenImages, smallChartText, chartsShown };
};
