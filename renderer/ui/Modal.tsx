import { type ReactNode, useEffect, useRef } from 'react';

export interface ModalProps {
  /** What assistive technology announces; also how tests find a dialog by role. */
  readonly label: string;
  readonly testId: string;
  /** Classes besides `dialog` (its width and layout). */
  readonly className?: string;
  /** Escape, and a press outside the dialog unless `closeOnBackdrop` is false. */
  readonly onClose: () => void;
  /** False where a press outside would throw away typing (a form half filled). */
  readonly closeOnBackdrop?: boolean;
  readonly children: ReactNode;
}

/**
 * Every dialog of the app: a backdrop, the dialog box, Escape to close. The box takes
 * focus when it opens (unless a field in it already took it), so Escape works at once,
 * without a click into the dialog first.
 */
export function Modal({ label, testId, className, onClose, closeOnBackdrop = true, children }: ModalProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current?.contains(document.activeElement)) box.current?.focus();
  }, []);
  // Escape closes the topmost dialog wherever focus is: after a confirmation inside this
  // dialog closes, focus falls back to the page, and Escape must still work.
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const open = document.querySelectorAll('[role="dialog"][aria-modal="true"]');
      if (open[open.length - 1] !== box.current) return;
      event.preventDefault();
      close.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="dialog__backdrop" onMouseDown={closeOnBackdrop ? onClose : undefined}>
      <div
        ref={box}
        tabIndex={-1}
        className={className ? `dialog ${className}` : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        data-testid={testId}
        onMouseDown={(event) => event.stopPropagation()}
      >
        {children}
      </div>
    </div>
  );
}
