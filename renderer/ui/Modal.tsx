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
        onKeyDown={(event) => event.key === 'Escape' && onClose()}
      >
        {children}
      </div>
    </div>
  );
}
