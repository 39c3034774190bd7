import { useEffect } from 'react';
import { useClient } from '../../ipc/context';
import { CarouselDialog } from './CarouselDialog';
import { monitorFromSearch } from './monitor';
import { useMonitorCycle, useTileCarousels } from './use-carousels';
import { startWallsSync } from './walls-sync';
import { editCarousel, useWallsUi } from './walls-ui';

/** This window's part in the walls: the sync with the core, the carousels, and the carousel editor. */
export function WallsHost() {
  const client = useClient();
  const editing = useWallsUi((state) => state.editingCarousel);
  useEffect(() => startWallsSync(client, monitorFromSearch(location.search)), [client]);
  useTileCarousels();
  useMonitorCycle();
  return editing === null ? null : <CarouselDialog index={editing} onClose={() => editCarousel(null)} />;
}
