import { render } from 'solid-js/web';
import 'maplibre-gl/dist/maplibre-gl.css';
import './stijl.css';
import { App } from './app/App.tsx';

render(() => <App />, document.getElementById('app')!);
