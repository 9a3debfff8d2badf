import DOMPurify from 'dompurify';
import { marked } from 'marked';

// Anything that could fetch, run or submit is removed; a shared notebook's markdown is only text.
const FORBID_TAGS = [
  'style',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'iframe',
  'object',
  'embed',
  'video',
  'audio',
  'source',
  'picture',
  'link',
  'meta',
  'base',
  'svg',
  'math',
];
const FORBID_ATTR = ['style', 'srcset', 'background', 'poster', 'formaction', 'action', 'ping', 'xlink:href'];

let hooked = false;
function installHooks() {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'IMG') {
      const src = node.getAttribute('src') ?? '';
      // Only inline images: a remote one would be a request the notebook's author chose.
      if (!/^data:image\/(png|gif|jpeg|webp);/i.test(src)) {
        node.setAttribute('alt', `[image not loaded: ${src.slice(0, 80)}]`);
        node.removeAttribute('src');
      }
    }
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!/^(https?:|mailto:|#)/i.test(href)) node.removeAttribute('href');
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
}

/** Markdown (GitHub flavoured) to sanitized HTML: no scripts, handlers, styles, forms or remote images. */
export function renderMarkdown(text: string): string {
  installHooks();
  const html = marked.parse(text, { async: false, gfm: true, breaks: false });
  return DOMPurify.sanitize(html, { FORBID_TAGS, FORBID_ATTR, ALLOW_DATA_ATTR: false });
}
