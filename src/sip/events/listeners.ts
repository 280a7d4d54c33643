export { Listeners } from '../../lib/listeners.js';
