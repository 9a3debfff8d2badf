import { render } from 'solid-js/web';
import { App } from './App.tsx';
import { startEngine } from './engine-client.ts';
import { tokenFromLocation } from './feed-socket.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const token = tokenFromLocation();
if (!token) {
  root.textContent =
    'No launch token: open the URL that `npm start` (flowbook serve) printed, including its #token=… part.';
} else {
  startEngine().then(
    (engine) => render(() => <App engine={engine} token={token} />, root),
    (e: Error) => {
      root.textContent = `The engine failed to start: ${e.message}`;
    },
  );
}
