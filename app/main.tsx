import { render } from 'solid-js/web';
import { App } from './App.tsx';
import { startEngine } from './engine-client.ts';
import { tokenFromLocation } from './feed-socket.ts';
import { PENDING_SHARE } from './notebook/NotebookShell.tsx';
import { SHARE_KEY } from './notebook/share-link.ts';
import './styles.css';

// A shared notebook in the fragment is kept for this tab and taken out of the address bar; the
// notebook opens (untrusted) once the engine is up, even if the launch token comes in a later load.
const hash = new URLSearchParams(location.hash.slice(1));
const shared = hash.get(SHARE_KEY);
if (shared) {
  sessionStorage.setItem(PENDING_SHARE, shared);
  hash.delete(SHARE_KEY);
  history.replaceState(null, '', `${location.pathname}${location.search}${hash.size > 0 ? `#${hash}` : ''}`);
}

// Pasting a launch URL or a share link into this tab changes only the fragment; load it afresh.
window.addEventListener('hashchange', () => {
  const h = new URLSearchParams(location.hash.slice(1));
  if (h.has(SHARE_KEY) || h.has('token')) location.reload();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const token = tokenFromLocation();
if (!token) {
  root.textContent = `No launch token: open the URL that \`npm start\` (flowbook serve) printed, including its #token=… part.${shared ? ' The shared notebook is kept for this tab and opens then.' : ''}`;
} else {
  startEngine().then(
    (engine) => render(() => <App engine={engine} token={token} />, root),
    (e: Error) => {
      root.textContent = `The engine failed to start: ${e.message}`;
    },
  );
}
