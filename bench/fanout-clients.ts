/** Child process of the fan-out step: the wall clients, driven over IPC by bench/fanout.ts. */
import { serve } from './child.js';
import { WallClients, type ConnectArgs } from './wall-clients.js';

const walls = new WallClients();

serve({
  connect: (a: ConnectArgs) => walls.connect(a),
  'step-start': (a: { tag: string }) => walls.stepStart(a.tag),
  'step-stats': () => walls.stepStats(),
  disconnect: () => walls.disconnect(),
});
