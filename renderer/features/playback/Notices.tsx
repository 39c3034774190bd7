import { useNotices } from '../../stores/notices';

/** Short messages over the bottom of the wall: what was saved, what failed and why. */
export function Notices() {
  const notices = useNotices((state) => state.notices);
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice--${notice.kind}`} data-testid="notice">
          {notice.text}
        </div>
      ))}
    </div>
  );
}
