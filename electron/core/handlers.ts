import type { AppInfo } from '../../shared/ipc/schemas';
import type { Handlers } from './registry';
import type { ServerDirectory } from './servers';
import type { LiveSessionService } from './sessions/live-sessions';

export interface HandlerDeps {
  readonly info: AppInfo;
  readonly servers: ServerDirectory;
  readonly live: LiveSessionService;
}

/** The implementation of every invoke channel; each is a thin call into a core service. */
export function createHandlers({ info, servers, live }: HandlerDeps): Handlers {
  return {
    'app.info': () => Promise.resolve(info),
    'servers.list': () => Promise.resolve(servers.list()),
    'cameras.list': ({ serverId }) => Promise.resolve(servers.cameras(serverId)),
    'live.start': (request, { clientId }) => live.start(clientId, request),
    'live.stop': async ({ streamId }, { clientId }) => {
      await live.stop(clientId, streamId);
      return {};
    },
  };
}
